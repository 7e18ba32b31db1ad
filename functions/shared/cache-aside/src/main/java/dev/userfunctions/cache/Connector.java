package dev.userfunctions.cache;

import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import dev.userfunctions.cache.Phase.Closed;
import dev.userfunctions.cache.Phase.Connected;
import dev.userfunctions.cache.Phase.Connecting;
import dev.userfunctions.cache.Phase.Suspended;

/**
 * The life of the one connection, as states. Its {@link Phase} is one immutable value
 * replaced by compare-and-set from the phase it was read as, so that an attempt finishing
 * after a suspend or a close sees it and hangs up what it opened, and no two fields can
 * disagree:
 *
 * <pre>
 *            start                 dial ok
 *   (new) ─────────► Connecting ───────────► Connected
 *                    │  ▲    │ dial failed:       │
 *                    │  └────┘ retry after Delay  │
 *           suspend  ▼                            ▼ suspend
 *                    Suspended ◄──────────────────┘
 *                    │ resume ─► Connecting
 *   close, from any phase ─► Closed
 * </pre>
 *
 * Every change goes through one transition ({@link #move}), which releases what the phase
 * left held (its connection, its scheduled retry) and tells the callers waiting through
 * it. Generic in the connection, so that every transition is unit-tested against a fake
 * {@link Dialer}.
 */
final class Connector<C> {

    /** Opens and closes connections: Lettuce's cluster connection in production. */
    interface Dialer<C> {

        /**
         * Opens a connection, or throws; {@code startupDeadlineNanos} says when (of
         * {@link System#nanoTime()}) a start waiting for it gives up, as of the moment it
         * is asked (a start's end moves it: {@link Connector#awaitStartup()}), and
         * {@code abandoned} whether the attempt was suspended or closed meanwhile, when
         * what it still waits for is of no use.
         */
        C dial(LongSupplier startupDeadlineNanos, BooleanSupplier abandoned);

        /** Closes a connection: bounded, never throws. */
        void hangUp(C connection);

        /**
         * Makes a dial under way fail at once (its sockets closed) instead of running out
         * its timeouts.
         */
        void abortDialing();

    }

    /** Told what the attempts came to, on the scheduler's thread. */
    interface Listener<C> {

        void connected(C connection);

        /** The {@code failures}th attempt in a row failed; the next one is scheduled. */
        void failed(int failures, RuntimeException failure);

    }

    private final Dialer<C> dialer;

    private final Listener<C> listener;

    private final Scheduler scheduler;

    private final Delay retryDelay;

    private final Duration startupWait;

    private final Duration idleBound;

    private final AtomicReference<Phase<C>> phase;

    /**
     * @param retryDelay the pause before the nth attempt after n failed ones
     * @param startupWait how long a start waits for a connection
     * @param idleBound how long {@link #suspend()} waits for an attempt under way to end
     */
    Connector(Dialer<C> dialer, Listener<C> listener, Scheduler scheduler, Delay retryDelay, Duration startupWait,
            Duration idleBound) {
        this.dialer = dialer;
        this.listener = listener;
        this.scheduler = scheduler;
        this.retryDelay = retryDelay;
        this.startupWait = startupWait;
        this.idleBound = idleBound;
        this.phase = new AtomicReference<>(connecting());
    }

    /** Makes the first attempt, in the background. */
    void start() {
        scheduler.schedule(this::attempt, Duration.ZERO);
    }

    Phase<C> phase() {
        return phase.get();
    }

    /** The connection if there is one now, without waiting. */
    Optional<C> connected() {
        return phase.get() instanceof Connected<C> connected ? Optional.of(connected.connection()) : Optional.empty();
    }

    /**
     * The connection; early in a start, until the start-up wait is over, waits for the
     * first attempt (not for retries: once one failed, a caller goes without).
     */
    Optional<C> current() {
        Phase<C> now = phase.get();
        return now instanceof Connecting<C> connecting
                ? awaitWhile(now, connecting.startupDeadlineNanos(),
                        next -> next instanceof Connecting<C> stillConnecting && stillConnecting.failures() == 0)
                : connected();
    }

    /**
     * At the end of a start or a restore: waits at most the start-up wait from now for a
     * connection, from any attempt. Returns whether there is one.
     */
    boolean awaitStartup() {
        long deadline = System.nanoTime() + startupWait.toNanos();
        Phase<C> now = phase.get();
        while (now instanceof Connecting<C> connecting && !move(now, connecting.waitingUntil(deadline))) {
            now = phase.get();
        }
        return awaitWhile(phase.get(), deadline, Connecting.class::isInstance).isPresent();
    }

    /**
     * The connection, waiting at most {@code patience} for one that is being made or will
     * be after a resume; none once closed.
     */
    Optional<C> await(Duration patience) {
        return awaitWhile(phase.get(), System.nanoTime() + patience.toNanos(),
                next -> next instanceof Connecting || next instanceof Suspended);
    }

    /**
     * Follows the phases from {@code now} while they are worth waiting through, until
     * {@code deadlineNanos}; the connection if it came to one.
     */
    private Optional<C> awaitWhile(Phase<C> now, long deadlineNanos, Predicate<Phase<C>> worthWaiting) {
        while (worthWaiting.test(now) && deadlineNanos - System.nanoTime() > 0) {
            CompletableFuture<Phase<C>> replaced = now instanceof Connecting<C> connecting ? connecting.replaced()
                    : ((Suspended<C>) now).replaced();
            try {
                now = replaced.get(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
            catch (TimeoutException | ExecutionException e) {
                break;
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return now instanceof Connected<C> connected ? Optional.of(connected.connection()) : Optional.empty();
    }

    /**
     * Connecting or connected → suspended: closes the connection, cancels a scheduled
     * attempt, cuts short one under way and waits for it to end, so that nothing it opens
     * ends up in a snapshot. Returns false if an attempt was still running after the
     * bound.
     */
    boolean suspend() {
        Phase<C> now = phase.get();
        while (now instanceof Connecting<C> || now instanceof Connected<C>) {
            if (move(now, new Suspended<>(new CompletableFuture<>()))) {
                dialer.abortDialing();
                return scheduler.awaitIdle(idleBound);
            }
            now = phase.get();
        }
        return true;
    }

    /** Suspended → connecting, in the background; callers wait for it as at a start. */
    void resume() {
        Phase<C> now = phase.get();
        if (now instanceof Suspended<C> && move(now, connecting())) {
            start();
        }
    }

    /** Any phase → closed, for good. */
    void close() {
        Phase<C> now = phase.get();
        while (!(now instanceof Closed<C>) && !move(now, new Closed<>())) {
            now = phase.get();
        }
        scheduler.shutdown();
    }

    /**
     * The one transition: from {@code from} to {@code to} if {@code from} is still the
     * phase; then releases what {@code from} held and tells its waiters.
     */
    private boolean move(Phase<C> from, Phase<C> to) {
        if (!phase.compareAndSet(from, to)) {
            return false;
        }
        if (from instanceof Connecting<C> connecting) {
            if (connecting.retry() != null && !(to instanceof Connecting)) {
                connecting.retry().cancel(false);
            }
            connecting.replaced().complete(to);
        }
        else if (from instanceof Suspended<C> suspended) {
            suspended.replaced().complete(to);
        }
        else if (from instanceof Connected<C> connected) {
            dialer.hangUp(connected.connection());
        }
        return true;
    }

    private Connecting<C> connecting() {
        return Connecting.first(System.nanoTime() + startupWait.toNanos());
    }

    /** The phase, if it is still connecting in {@code round}; else null. */
    private Connecting<C> connectingIn(Object round) {
        return phase.get() instanceof Connecting<C> connecting && connecting.round() == round ? connecting : null;
    }

    /** One attempt, on the scheduler's thread. */
    private void attempt() {
        if (!(phase.get() instanceof Connecting<C> connecting)) {
            return;
        }
        Object round = connecting.round();
        C opened;
        try {
            opened = dialer.dial(() -> {
                Connecting<C> now = connectingIn(round);
                return now == null ? System.nanoTime() : now.startupDeadlineNanos();
            }, () -> connectingIn(round) == null);
        }
        catch (RuntimeException e) {
            retryAfter(e, round);
            return;
        }
        if (keep(opened, round)) {
            listener.connected(opened);
        }
        else {
            // Suspended or closed while dialling (and maybe resumed since): kept now, it
            // would end up in a snapshot, or leak.
            dialer.hangUp(opened);
        }
    }

    /** Connecting → connected, unless the round is over. */
    private boolean keep(C opened, Object round) {
        for (Connecting<C> now = connectingIn(round); now != null; now = connectingIn(round)) {
            if (move(now, new Connected<>(opened))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Connecting → connecting with one more failure and the next attempt scheduled,
     * unless the round is over; then says what failed: reporting comes second, so that
     * nothing it throws ends the retries.
     */
    private void retryAfter(RuntimeException failure, Object round) {
        for (Connecting<C> now = connectingIn(round); now != null; now = connectingIn(round)) {
            Future<?> retry = scheduler.schedule(this::attempt, retryDelay.createDelay(now.failures() + 1));
            if (move(now, now.failedAgain(retry))) {
                listener.failed(now.failures() + 1, failure);
                return;
            }
            retry.cancel(false);
        }
    }

}
