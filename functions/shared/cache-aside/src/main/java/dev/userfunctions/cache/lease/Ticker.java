package dev.userfunctions.cache.lease;

import java.util.concurrent.locks.LockSupport;

/**
 * Time as the protocol sees it: a monotonic clock and a pause. The system's in
 * production; a virtual one in the interleaving tests, where a pause is a step.
 */
public interface Ticker {

    /**
     * The system's: {@link System#nanoTime()} and {@link LockSupport#parkNanos(long)}.
     */
    Ticker SYSTEM = new Ticker() {

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void pause(long nanos) {
            LockSupport.parkNanos(nanos);
        }

    };

    long nanoTime();

    /** Waits about {@code nanos}; may return early when the thread is interrupted. */
    void pause(long nanos);

}
