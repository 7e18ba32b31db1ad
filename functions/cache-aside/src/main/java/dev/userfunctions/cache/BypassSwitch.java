package dev.userfunctions.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Decides whether a request may use one Redis node (the cache keeps one switch per master). After {@code failureThreshold} consecutive failures it opens: every
 * request bypasses Redis for the cool-down, then exactly one request probes it. A successful probe closes the
 * switch; a failed one opens it for another cool-down. Each change of state is logged once.
 */
final class BypassSwitch {

    enum State { CLOSED, OPEN, PROBING }

    private static final Logger log = LoggerFactory.getLogger(BypassSwitch.class);

    private final String name;
    private final int failureThreshold;
    private final long coolDownNanos;
    private final LongSupplier nanoClock;
    private final AtomicReference<State> state = new AtomicReference<>(State.CLOSED);
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong openUntil = new AtomicLong();

    BypassSwitch(String name, int failureThreshold, Duration coolDown, LongSupplier nanoClock) {
        this.name = name;
        this.failureThreshold = failureThreshold;
        this.coolDownNanos = coolDown.toNanos();
        this.nanoClock = nanoClock;
    }

    /** True when this request may use Redis. While open, true for exactly one request once the cool-down is over. */
    boolean allowRequest() {
        State current = state.get();
        if (current == State.CLOSED) {
            return true;
        }
        if (current == State.OPEN && nanoClock.getAsLong() - openUntil.get() >= 0) {
            return state.compareAndSet(State.OPEN, State.PROBING);
        }
        return false;
    }

    /** Only the probe closes an open switch: a request let through before it opened proves nothing. */
    void recordSuccess() {
        consecutiveFailures.set(0);
        if (state.compareAndSet(State.PROBING, State.CLOSED)) {
            log.info("Cache '{}': Redis answers again, using it", name);
        }
    }

    void recordFailure(Throwable cause) {
        if (state.get() == State.PROBING) {
            open();
            log.debug("Cache '{}': probe failed ({}), bypassing for another {} ms", name, describe(cause), coolDownNanos / 1_000_000);
            return;
        }
        if (consecutiveFailures.incrementAndGet() >= failureThreshold && state.compareAndSet(State.CLOSED, State.OPEN)) {
            openUntil.set(nanoClock.getAsLong() + coolDownNanos);
            log.warn("Cache '{}': Redis failed {} times in a row (last: {}); bypassing it, probing every {} ms",
                    name, failureThreshold, describe(cause), coolDownNanos / 1_000_000);
        }
    }

    private void open() {
        openUntil.set(nanoClock.getAsLong() + coolDownNanos);
        state.set(State.OPEN);
    }

    State state() {
        return state.get();
    }

    static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
