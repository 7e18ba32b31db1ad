package dev.userfunctions.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Clients reading through a fault: threads that each read in a loop, a pause apart, until
 * stopped. Whatever a read throws (an assertion on its answer included) is kept, for the
 * test to assert that nothing reached a caller.
 */
final class ReadingThreads {

    /** One read: the thread's number and how many reads it made before. */
    @FunctionalInterface
    interface Read {

        void run(int thread, int iteration);

    }

    private final AtomicBoolean reading = new AtomicBoolean(true);

    private final List<Throwable> escaped = Collections.synchronizedList(new ArrayList<>());

    private final ExecutorService threads;

    private final List<Future<?>> running = new ArrayList<>();

    private ReadingThreads(int count, Duration pause, Read read) {
        this.threads = Executors.newFixedThreadPool(count);
        for (int t = 0; t < count; t++) {
            int thread = t;
            running.add(threads.submit(() -> {
                for (int i = 0; reading.get(); i++) {
                    try {
                        read.run(thread, i);
                    }
                    catch (Throwable e) {
                        escaped.add(e);
                    }
                    LockSupport.parkNanos(pause.toNanos());
                }
            }));
        }
    }

    static ReadingThreads start(int count, Duration pause, Read read) {
        return new ReadingThreads(count, pause, read);
    }

    /** Stops the reads and waits for the threads: 10 s at most. */
    void stop() throws Exception {
        reading.set(false);
        try {
            for (Future<?> thread : running) {
                thread.get(10, TimeUnit.SECONDS);
            }
        }
        finally {
            threads.shutdownNow();
        }
    }

    /** What the reads threw. */
    List<Throwable> escaped() {
        return escaped;
    }

}
