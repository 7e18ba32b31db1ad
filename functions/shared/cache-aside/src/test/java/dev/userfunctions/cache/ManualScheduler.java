package dev.userfunctions.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A {@link Scheduler} whose tasks run only when a test says so, in the order they were
 * scheduled, so that every step of the {@link Connector} is the test's.
 */
final class ManualScheduler implements Scheduler {

    /** A task and what it was scheduled with. */
    record Task(Runnable work, Duration delay, CompletableFuture<Void> handle) {

    }

    private final List<Task> tasks = new ArrayList<>();

    private boolean shutDown;

    private int idleWaits;

    /**
     * What {@link #awaitIdle} answers: false stands for an attempt still running after
     * the bound.
     */
    private boolean becomesIdle = true;

    @Override
    public synchronized Future<?> schedule(Runnable work, Duration delay) {
        CompletableFuture<Void> handle = new CompletableFuture<>();
        if (shutDown) {
            handle.cancel(false);
        }
        else {
            tasks.add(new Task(work, delay, handle));
        }
        return handle;
    }

    @Override
    public synchronized boolean awaitIdle(Duration bound) {
        idleWaits++;
        return becomesIdle;
    }

    /** From now on, {@link #awaitIdle} reports an attempt that did not end in time. */
    synchronized void neverIdle() {
        becomesIdle = false;
    }

    @Override
    public synchronized void shutdown() {
        shutDown = true;
    }

    /** The tasks waiting to run, cancelled ones left out. */
    synchronized List<Task> pending() {
        return tasks.stream().filter(task -> !task.handle().isDone()).toList();
    }

    /** Runs the first task waiting; fails when there is none. */
    void runNext() {
        Task next;
        synchronized (this) {
            next = pending().stream().findFirst().orElseThrow(() -> new AssertionError("nothing scheduled"));
            next.handle().complete(null);
        }
        next.work().run();
    }

    synchronized boolean isShutDown() {
        return shutDown;
    }

    synchronized int idleWaits() {
        return idleWaits;
    }

}
