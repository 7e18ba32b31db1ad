package dev.userfunctions.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callers that miss one key at the same moment, each through the cache given for it (one
 * cache many times for a process's threads, or caches of their own for processes), with a
 * load that takes a while. Every caller must get the loaded value.
 */
final class Stampede {

    private Stampede() {
    }

    /**
     * A load that takes this long: parking may return early, so it parks until a
     * deadline.
     */
    private static void takeAtLeast(Duration loadTime) {
        long until = System.nanoTime() + loadTime.toNanos();
        for (long left = loadTime.toNanos(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** How many times the callers loaded the key. */
    static int loads(List<CacheAside> callers, String key, Duration loadTime) throws Exception {
        Person loaded = new Person("loaded for " + key, 7);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers.size());
        try {
            List<Future<CacheResult<Person>>> answers = new ArrayList<>();
            for (CacheAside caller : callers) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return caller.getOrLoad(key, Person.CODEC, () -> {
                        loads.incrementAndGet();
                        takeAtLeast(loadTime);
                        return Optional.of(loaded);
                    });
                }));
            }
            start.countDown();
            for (Future<CacheResult<Person>> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS).value()).contains(loaded);
            }
            return loads.get();
        }
        finally {
            pool.shutdownNow();
        }
    }

}
