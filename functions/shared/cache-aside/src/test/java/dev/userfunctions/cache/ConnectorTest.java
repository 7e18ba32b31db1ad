package dev.userfunctions.cache;

import dev.userfunctions.cache.Phase.Closed;
import dev.userfunctions.cache.Phase.Connected;
import dev.userfunctions.cache.Phase.Connecting;
import dev.userfunctions.cache.Phase.Suspended;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Each transition of the {@link Connector}, stepped by hand: a fake dialer hands out
 * numbered connections or fails as told, and the scheduler runs an attempt only when the
 * test says so. Callers that wait run on threads of their own, and a test goes on only
 * once such a thread is parked.
 */
class ConnectorTest {

    /** 1, 2, 4 ms: each failure's pause is told apart by its length. */
    private static final Delay RETRY = Delay.exponential(Duration.ofMillis(1), Duration.ofSeconds(10), 2,
            TimeUnit.MILLISECONDS);

    /**
     * Long enough that no window ends while a test is looking, however busy the machine.
     */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(10);

    private final ManualScheduler scheduler = new ManualScheduler();

    private final FakeDialer dialer = new FakeDialer();

    private final List<String> told = new ArrayList<>();

    private final List<Thread> waiters = new ArrayList<>();

    private final Connector<String> connector = connector(STARTUP_WAIT);

    private Connector<String> connector(Duration startupWait) {
        return new Connector<>(dialer, new Connector.Listener<>() {
            @Override
            public void connected(String connection) {
                told.add("connected " + connection);
            }

            @Override
            public void failed(int failures, RuntimeException failure) {
                told.add("failed " + failures + ": " + failure.getMessage());
            }
        }, scheduler, RETRY, startupWait, Duration.ofSeconds(1));
    }

    @AfterEach
    void stopWaiters() {
        waiters.forEach(Thread::interrupt);
    }

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
    void connectingToConnectedTellsTheWaitersAndTheListener() {
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
    void aListenerThatThrowsOnAFailureEndsNoRetry() {
        Connector<String> throwing = new Connector<>(dialer, new Connector.Listener<>() {
            @Override
            public void connected(String connection) {
            }

            @Override
            public void failed(int failures, RuntimeException failure) {
                throw new IllegalStateException("the log is broken");
            }
        }, scheduler, RETRY, STARTUP_WAIT, Duration.ofSeconds(1));
        dialer.failNext("refused");
        throwing.start();

        assertThatThrownBy(scheduler::runNext).hasMessage("the log is broken");

        assertThat(scheduler.pending()).as("the retry").hasSize(1);
        scheduler.runNext();
        assertThat(throwing.phase()).isEqualTo(new Connected<>("connection-1"));
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
    void aSuspendSaysSoWhenTheAttemptUnderWayDidNotEndInTime() {
        connector.start();
        scheduler.neverIdle();

        assertThat(connector.suspend()).isFalse();

        assertThat(connector.phase()).isInstanceOf(Suspended.class);
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

    @ParameterizedTest
    @ValueSource(strings = { "suspend", "close" })
    void aDialThatEndsAfterASuspendOrACloseHangsUpWhatItOpenedAndTellsNoOne(String leftBy) {
        boolean suspended = leftBy.equals("suspend");
        dialer.duringDial = suspended ? connector::suspend : connector::close;
        connector.start();

        scheduler.runNext();

        assertThat(connector.phase()).isInstanceOf(suspended ? Suspended.class : Closed.class);
        assertThat(dialer.hungUp).containsExactly("connection-1");
        assertThat(dialer.abandonedAtEnd).containsExactly(true);
        assertThat(told).isEmpty();
        assertThat(scheduler.pending()).isEmpty();
    }

    @Test
    void aDialOfAnEarlierRoundThatEndsAfterASuspendAndAResumeChangesNothing() {
        suspendAndResumeDuringTheNextDial();
        connector.start();

        scheduler.runNext();

        assertThat(dialer.hungUp).as("the late connection").containsExactly("connection-1");
        assertThat(connector.phase()).isInstanceOf(Connecting.class);
        scheduler.runNext();
        assertThat(connector.phase()).isEqualTo(new Connected<>("connection-2"));
        assertThat(told).containsExactly("connected connection-2");
    }

    @Test
    void aFailedDialOfAnEarlierRoundSchedulesNoSecondChainOfRetries() {
        dialer.failNext("refused");
        suspendAndResumeDuringTheNextDial();
        connector.start();

        scheduler.runNext();

        assertThat(scheduler.pending()).as("only the new round's attempt").hasSize(1);
        assertThat(told).isEmpty();
        scheduler.runNext();
        assertThat(connector.phase()).isEqualTo(new Connected<>("connection-1"));
    }

    @Test
    void suspendedToConnectingOnResumeConnectsAndReleasesAWriterWaitingThroughTheSnapshot() throws Exception {
        connector.start();
        scheduler.runNext();
        connector.suspend();
        CompletableFuture<Optional<String>> writer = waiting(() -> connector.await(Duration.ofSeconds(10)));

        connector.resume();
        assertThat(connector.phase()).isInstanceOfSatisfying(Connecting.class,
                connecting -> assertThat(connecting.failures()).isZero());
        scheduler.runNext();

        assertThat(connector.phase()).isEqualTo(new Connected<>("connection-2"));
        assertThat(writer.get(5, TimeUnit.SECONDS)).contains("connection-2");
    }

    @Test
    void suspendedToClosedReleasesAWriterWaitingThroughTheSnapshot() throws Exception {
        connector.start();
        scheduler.runNext();
        connector.suspend();
        CompletableFuture<Optional<String>> writer = waiting(() -> connector.await(Duration.ofSeconds(10)));

        connector.close();

        assertThat(writer.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(connector.phase()).isInstanceOf(Closed.class);
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
    void closeFromConnectingCancelsTheRetryAndTellsTheWaitersAndNothingReopens() {
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
    void aCallerEarlyInAStartWaitsForTheFirstAttempt() throws Exception {
        connector.start();
        CompletableFuture<Optional<String>> caller = waiting(connector::current);

        scheduler.runNext();

        assertThat(caller.get(5, TimeUnit.SECONDS)).contains("connection-1");
    }

    @Test
    void aCallerWaitingForTheFirstAttemptGoesWithoutAsSoonAsItFailsAndLaterCallersDoNotWait() throws Exception {
        dialer.failNext("refused");
        connector.start();
        CompletableFuture<Optional<String>> caller = waiting(connector::current);

        scheduler.runNext();

        assertThat(caller.get(5, TimeUnit.SECONDS)).isEmpty();
        long later = System.nanoTime();
        assertThat(connector.current()).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - later)).isLessThan(Duration.ofSeconds(2));
    }

    /** Who waits for a connection. */
    enum Waiter {

        CALLER, END_OF_A_START

    }

    @ParameterizedTest
    @EnumSource(Waiter.class)
    void anInterruptedWaiterGoesWithoutAndKeepsItsInterrupt(Waiter waiter) throws Exception {
        connector.start();
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        CompletableFuture<Boolean> connected = waiting(() -> {
            boolean found = switch (waiter) {
                case CALLER -> connector.current().isPresent();
                case END_OF_A_START -> connector.awaitStartup();
            };
            interrupted.set(Thread.currentThread().isInterrupted());
            return found;
        });

        waiters.get(0).interrupt();

        assertThat(connected.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(interrupted.get()).isTrue();
    }

    @Test
    void awaitStartupWaitsForAnyAttempt() throws Exception {
        dialer.failNext("refused");
        connector.start();
        scheduler.runNext();
        CompletableFuture<Boolean> start = waiting(connector::awaitStartup);

        scheduler.runNext();

        assertThat(start.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void awaitStartupRestartsTheWindowThatCallersAndTheDialWaitWithin() throws Exception {
        Connector<String> quick = connector(Duration.ofSeconds(1));
        long firstDeadline = ((Connecting<String>) quick.phase()).startupDeadlineNanos();
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - firstDeadline > 0);
        quick.start();
        long called = System.nanoTime();
        CompletableFuture<Boolean> start = waiting(quick::awaitStartup);
        await().atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(5))
            .until(() -> ((Connecting<String>) quick.phase()).startupDeadlineNanos() != firstDeadline);
        CompletableFuture<Optional<String>> caller = waiting(quick::current);

        scheduler.runNext();

        assertThat(start.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(caller.get(5, TimeUnit.SECONDS)).contains("connection-1");
        assertThat(dialer.deadlines).singleElement()
            .satisfies(deadline -> assertThat(deadline - called).isGreaterThanOrEqualTo(1_000_000_000L));
    }

    @Test
    void awaitStartupGivesUpAfterTheStartupWait() {
        Connector<String> quick = connector(Duration.ofMillis(300));
        quick.start();
        long started = System.nanoTime();

        assertThat(quick.awaitStartup()).isFalse();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(290),
                Duration.ofSeconds(3));
        assertThat(quick.phase()).isInstanceOf(Connecting.class);
    }

    /** A snapshot taken while the next dial is under way: suspended, then resumed. */
    private void suspendAndResumeDuringTheNextDial() {
        dialer.duringDial = () -> {
            dialer.duringDial = () -> {
            };
            connector.suspend();
            connector.resume();
        };
    }

    private static CompletableFuture<Phase<String>> replacedOf(Phase<String> phase) {
        return ((Connecting<String>) phase).replaced();
    }

    /**
     * Runs {@code call} on a thread of its own and returns once that thread is parked,
     * waiting.
     */
    private <T> CompletableFuture<T> waiting(Supplier<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> result.complete(call.get()), "waiter-" + waiters.size());
        waiters.add(thread);
        thread.start();
        await().atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(5))
            .until(() -> result.isDone() || thread.getState() == Thread.State.TIMED_WAITING
                    || thread.getState() == Thread.State.WAITING);
        assertThat(result).as("still waiting").isNotDone();
        return result;
    }

    /**
     * Connections named connection-1, connection-2, ...; fails the dials it is told to.
     */
    private static final class FakeDialer implements Connector.Dialer<String> {

        private final Deque<String> failures = new ArrayDeque<>();

        private final List<String> hungUp = new ArrayList<>();

        private final List<Long> deadlines = new ArrayList<>();

        private final List<Boolean> abandonedAtEnd = new ArrayList<>();

        private int dialled;

        private int opened;

        private int aborts;

        private Runnable duringDial = () -> {
        };

        void failNext(String... messages) {
            failures.addAll(List.of(messages));
        }

        @Override
        public String dial(LongSupplier startupDeadlineNanos, BooleanSupplier abandoned) {
            dialled++;
            deadlines.add(startupDeadlineNanos.getAsLong());
            duringDial.run();
            abandonedAtEnd.add(abandoned.getAsBoolean());
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
