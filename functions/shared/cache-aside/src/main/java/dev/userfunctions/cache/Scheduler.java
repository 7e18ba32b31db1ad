package dev.userfunctions.cache;

import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Where the connection's background work runs: connect attempts and their retries,
 * listeners told after a connect, node reconnects. One daemon thread in production
 * ({@link ConnectorThread}); run by hand in unit tests, so that every transition of the
 * {@link Connector} can be stepped through.
 */
interface Scheduler {

    /**
     * Runs {@code task} after {@code delay}; a scheduler that is shut down returns a
     * cancelled future and runs nothing.
     */
    Future<?> schedule(Runnable task, Duration delay);

    /**
     * Waits, at most {@code bound}, until what is running now has finished; returns at
     * once when called from the scheduler's own thread. Returns whether it finished.
     */
    boolean awaitIdle(Duration bound);

    /** Stops running anything, for good. */
    void shutdown();

}
