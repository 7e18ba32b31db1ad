package dev.userfunctions.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The connection's one background thread: a daemon, so that a process that forgets to
 * close the cache still exits.
 */
final class ConnectorThread implements Scheduler {

    static final String NAME = "redis-cluster-connector";

    private static final Logger log = LoggerFactory.getLogger(ConnectorThread.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, NAME);
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
        try {
            return executor.schedule(() -> runLoggingFailure(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException shutDown) {
            CompletableFuture<Void> none = new CompletableFuture<>();
            none.cancel(false);
            return none;
        }
    }

    /**
     * A task's failure is logged rather than kept in a future nobody reads; the connector
     * has already scheduled what comes next (a retry is scheduled before a failure is
     * reported).
     */
    private static void runLoggingFailure(Runnable task) {
        try {
            task.run();
        }
        catch (RuntimeException e) {
            log.debug("A task of the Redis Cluster connection failed: {}", ErrorMessages.describe(e));
        }
    }

    @Override
    public boolean awaitIdle(Duration bound) {
        if (Thread.currentThread().getName().equals(NAME)) {
            return true;
        }
        try {
            executor.submit(() -> {
            }).get(bound.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public void shutdown() {
        executor.shutdownNow();
    }

}
