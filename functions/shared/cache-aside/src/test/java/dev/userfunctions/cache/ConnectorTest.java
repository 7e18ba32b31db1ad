package dev.userfunctions.cache;

import dev.userfunctions.cache.Phase.Closed;
import dev.userfunctions.cache.Phase.Connected;
import dev.userfunctions.cache.Phase.Connecting;
import dev.userfunctions.cache.Phase.Suspended;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each transition of the {@link Connector}, stepped by hand: a fake dialer hands out
 * numbered connections or fails as told, and the scheduler runs an attempt only when the
 * test says so.
 */
class ConnectorTest {

    /** 1, 2, 4 ms: each failure's pause is told apart by its length. */
    private static final Delay RETRY = Delay.exponential(Duration.ofMillis(1), Duration.ofSeconds(10), 2,
            TimeUnit.MILLISECONDS);

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(1);

    private final ManualScheduler scheduler = new ManualScheduler();

    /** Threads of their own for the callers that wait, whatever the machine's cores. */
    private final ExecutorService waiters = Executors.newCachedThreadPool();

    private final FakeDialer dialer = new FakeDialer();

    private final List<String> told = new ArrayList<>();

    private final Connector<String> connector = new Connector<>(dialer, new Connector.Listener<>() {
        @Override
        public void connected(String connection) {
            told.add("connected " + connection);
        }

        @Override
        public void failed(int failures, RuntimeException failure) {
            told.add("failed " + failures + ": " + failure.getMessage());
        }
    }, scheduler, RETRY, STARTUP_WAIT, Duration.ofSeconds(1));

    @Test
    void aNewConnectorIsConnectingWithNoFailureAndMakesItsFirstAttemptInTheBackground() {
        assertThat(connector.phase()).isInstanceOfSatisfying(Connecting.class,
                connecting -> assertThat(connecting.failures()).isZero());
        assertThat(scheduler.pending()).isEmpty();

        connector.start();

        assertThat(scheduler.pending()).singleElement()
            .satisfies(task -> assertThat(task.delay()).isEqualTo(Duration.ZERO));
        assertThat(dialer.dialled).isZero();
    }

    @Test
    void connectingToConnectedCompletesReadinessAndTellsTheListener() {
        CompletableFuture<Phase<String>> replaced = replacedOf(connector.phase());
        connector.start();

        scheduler.runNext();

        assertThat(connector.phase()).isEqualTo(new Connected<>("connection-1"));
        assertThat(replaced).isCompletedWithValue(new Connected<>("connection-1"));
        assertThat(connector.connected()).contains("connection-1");
        assertThat(told).containsExactly("connected connection-1");
        assertThat(scheduler.pending()).isEmpty();
    }

    @Test
    void aFailedAttemptStaysConnectingWithOneMoreFailureAndSchedulesTheRetryAfterLettucesDelay() {
        dialer.failNext("refused", "refused again");
        connector.start();

        scheduler.runNext();
        assertThat(connector.phase()).isInstanceOfSatisfying(Connecting.class,
                connecting -> assertThat(connecting.failures()).isEqualTo(1));
        assertThat(scheduler.pending()).singleElement()
            .satisfies(task -> assertThat(task.delay()).isEqualTo(RETRY.createDelay(1)));

        scheduler.runNext();
        assertThat(connector.phase()).isInstanceOfSatisfying(Connecting.class,
                connecting -> assertThat(connecting.failures()).isEqualTo(2));
        assertThat(scheduler.pending()).singleElement()
            .satisfies(task -> assertThat(task.delay()).isEqualTo(RETRY.createDelay(2)));

        scheduler.runNext();
        assertThat(connector.phase()).isEqualTo(new Connected<>("connection-1"));
        assertThat(told).containsExactly("failed 1: refused", "failed 2: refused again", "connected connection-1");
    }

    @Test
    void connectedToSuspendedHangsUpCutsShortAnyDialAndWaitsForTheConnector() {
        connector.start();
        scheduler.runNext();

        assertThat(connector.suspend()).isTrue();

        assertThat(connector.phase()).isInstanceOfSatisfying(Suspended.class,
                suspended -> assertThat(suspended.replaced()).isNotDone());
        assertThat(dialer.hungUp).containsExactly("connection-1");
        assertThat(dialer.aborts).isEqualTo(1);
        assertThat(scheduler.idleWaits()).isEqualTo(1);
        assertThat(connector.connected()).isEmpty();
        assertThat(connector.current()).isEmpty();
    }

    @Test
    void connectingToSuspendedCancelsTheScheduledRetryAndTellsTheWaiters() {
        dialer.failNext("refused");
        connector.start();
        scheduler.runNext();
        CompletableFuture<Phase<String>> replaced = replacedOf(connector.phase());
        assertThat(scheduler.pending()).hasSize(1);

        connector.suspend();

        assertThat(connector.phase()).isInstanceOf(Suspended.class);
        assertThat(replaced).as("waiters are told").isCompletedWithValue(connector.phase());
        assertThat(scheduler.pending()).as("the retry is cancelled").isEmpty();
        assertThat(dialer.hungUp).isEmpty();
    }

    @Test
    void aDialThatEndsAfterASuspendHangsUpWhatItOpenedAndStaysSuspended() {
        dialer.duringDial = connector::suspend;
        connector.start();

        scheduler.runNext();

        assertThat(connector.phase()).isInstanceOf(Suspended.class);
        assertThat(dialer.hungUp).containsExactly("connection-1");
        assertThat(told).isEmpty();
        assertThat(scheduler.pending()).isEmpty();
    }

    @Test
    void suspendedToConnectingOnResumeConnectsAndReleasesAWriterWaitingThroughTheSnapshot() throws Exception {
        connector.start();
        scheduler.runNext();
        connector.suspend();
        CompletableFuture<Optional<String>> writer = CompletableFuture
            .supplyAsync(() -> connector.await(Duration.ofSeconds(10)), waiters);
        stillWaiting(writer);

        connector.resume();
        assertThat(connector.phase()).isInstanceOfSatisfying(Connecting.class,
                connecting -> assertThat(connecting.failures()).isZero());
        scheduler.runNext();

        assertThat(connector.phase()).isEqualTo(new Connected<>("connection-2"));
        assertThat(writer.get(5, TimeUnit.SECONDS)).contains("connection-2");
    }

    @Test
    void resumeOutsideASuspensionChangesNothing() {
        connector.start();
        scheduler.runNext();

        connector.resume();

        assertThat(connector.phase()).isEqualTo(new Connected<>("connection-1"));
        assertThat(scheduler.pending()).isEmpty();
    }

    @Test
    void closeFromConnectedHangsUpAndStopsTheScheduler() {
        connector.start();
        scheduler.runNext();

        connector.close();

        assertThat(connector.phase()).isInstanceOf(Closed.class);
        assertThat(dialer.hungUp).containsExactly("connection-1");
        assertThat(scheduler.isShutDown()).isTrue();
        assertThat(connector.await(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void closeFromConnectingCancelsTheRetryAndReleasesWaitersAndNothingReopens() {
        dialer.failNext("refused");
        connector.start();
        scheduler.runNext();
        CompletableFuture<Phase<String>> replaced = replacedOf(connector.phase());

        connector.close();
        connector.resume();
        connector.suspend();

        assertThat(connector.phase()).isInstanceOf(Closed.class);
        assertThat(replaced).isCompletedWithValue(new Closed<>());
        assertThat(scheduler.pending()).isEmpty();
        assertThat(dialer.dialled).isEqualTo(1);
    }

    @Test
    void aDialThatEndsAfterACloseHangsUpWhatItOpened() {
        dialer.duringDial = connector::close;
        connector.start();

        scheduler.runNext();

        assertThat(connector.phase()).isInstanceOf(Closed.class);
        assertThat(dialer.hungUp).containsExactly("connection-1");
        assertThat(told).isEmpty();
    }

    @Test
    void aCallerWaitsForTheFirstAttemptWithinTheStartupWaitButNotOnceOneFailed() throws Exception {
        connector.start();
        CompletableFuture<Optional<String>> caller = CompletableFuture.supplyAsync(connector::current, waiters);
        stillWaiting(caller);
        scheduler.runNext();
        assertThat(caller.get(5, TimeUnit.SECONDS)).contains("connection-1");
    }

    @Test
    void aCallerWaitingForTheFirstAttemptGoesWithoutAsSoonAsItFailsAndLaterCallersDoNotWait() throws Exception {
        dialer.failNext("refused");
        connector.start();
        CompletableFuture<Optional<String>> caller = CompletableFuture.supplyAsync(connector::current, waiters);
        stillWaiting(caller);

        long failedAt = System.nanoTime();
        scheduler.runNext();

        assertThat(caller.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - failedAt)).isLessThan(STARTUP_WAIT.dividedBy(2));
        long later = System.nanoTime();
        assertThat(connector.current()).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - later)).isLessThan(STARTUP_WAIT.dividedBy(2));
    }

    @Test
    void awaitStartupWaitsTheStartupWaitFromNowForAnyAttempt() throws Exception {
        dialer.failNext("refused");
        connector.start();
        scheduler.runNext();
        CompletableFuture<Boolean> start = CompletableFuture.supplyAsync(connector::awaitStartup, waiters);
        stillWaiting(start);

        scheduler.runNext();

        assertThat(start.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void awaitStartupRestartsTheWindowThatCallersAndTheDialWaitWithin() throws Exception {
        long firstDeadline = ((Connecting<String>) connector.phase()).startupDeadlineNanos();
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - firstDeadline > 0);
        connector.start();
        long called = System.nanoTime();
        CompletableFuture<Boolean> start = CompletableFuture.supplyAsync(connector::awaitStartup, waiters);
        stillWaiting(start);
        CompletableFuture<Optional<String>> caller = CompletableFuture.supplyAsync(connector::current, waiters);
        stillWaiting(caller);

        scheduler.runNext();

        assertThat(start.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(caller.get(5, TimeUnit.SECONDS)).contains("connection-1");
        assertThat(dialer.deadlines).singleElement()
            .satisfies(deadline -> assertThat(deadline - called).isGreaterThanOrEqualTo(STARTUP_WAIT.toNanos()));
    }

    @Test
    void awaitStartupGivesUpAfterTheStartupWait() {
        connector.start();
        long started = System.nanoTime();

        assertThat(connector.awaitStartup()).isFalse();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(STARTUP_WAIT.minusMillis(10),
                STARTUP_WAIT.plusSeconds(2));
        assertThat(connector.phase()).isInstanceOf(Connecting.class);
    }

    private static CompletableFuture<Phase<String>> replacedOf(Phase<String> phase) {
        return ((Connecting<String>) phase).replaced();
    }

    @AfterEach
    void stopWaiters() {
        waiters.shutdownNow();
    }

    /** {@code waiter} has not returned for a while: it is waiting. */
    private static void stillWaiting(CompletableFuture<?> waiter) {
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> !waiter.isDone());
    }

    /**
     * Connections named connection-1, connection-2, ...; fails the dials it is told to.
     */
    private static final class FakeDialer implements Connector.Dialer<String> {

        private final Deque<String> failures = new ArrayDeque<>();

        private final List<String> hungUp = new ArrayList<>();

        private final List<Long> deadlines = new ArrayList<>();

        private int dialled;

        private int opened;

        private int aborts;

        private Runnable duringDial = () -> {
        };

        void failNext(String... messages) {
            failures.addAll(List.of(messages));
        }

        @Override
        public String dial(LongSupplier startupDeadlineNanos) {
            dialled++;
            deadlines.add(startupDeadlineNanos.getAsLong());
            duringDial.run();
            if (!failures.isEmpty()) {
                throw new IllegalStateException(failures.removeFirst());
            }
            opened++;
            return "connection-" + opened;
        }

        @Override
        public void hangUp(String connection) {
            hungUp.add(connection);
        }

        @Override
        public void abortDialing() {
            aborts++;
        }

    }

}
