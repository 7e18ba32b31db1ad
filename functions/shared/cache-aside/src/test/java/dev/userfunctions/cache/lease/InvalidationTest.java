package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.InvalidationResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries of failed deletions on a store scripted to answer each {@code DEL} in turn, on
 * a virtual clock: retried until the patience ends or the keys are gone, never when the
 * store refused the command itself.
 */
class InvalidationTest {

    private final Deque<CacheStore.Deletion> answers = new ArrayDeque<>();

    private int deletes;

    private final List<List<String>> requestedAfterTheFirst = new ArrayList<>();

    private long now;

    private final Ticker clock = new Ticker() {

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void pause(long nanos) {
            now += nanos;
        }

    };

    private final CacheStore store = new CacheStore() {

        @Override
        public byte[] get(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean putIfAbsent(String key, byte[] lease, Duration ttl) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean compareAndSet(String key, byte[] expected, byte[] value, Duration ttl) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteIfEquals(String key, byte[] expected) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Deletion delete(List<String> keys) {
            if (deletes > 0) {
                requestedAfterTheFirst.add(List.copyOf(keys));
            }
            deletes++;
            Deletion answer = answers.poll();
            return answer != null ? answer : new Deletion(keys.size(), List.of(), null);
        }

        @Override
        public boolean awaitReady(Duration patience) {
            return true;
        }

    };

    private final Invalidation invalidation = new Invalidation(store, "test", new CacheEvents() {
    }, clock);

    @Test
    void keysWhoseMasterIsGoneAreRetriedUntilTheyAreDeleted() {
        for (int i = 0; i < 5; i++) {
            answers.add(new CacheStore.Deletion(1, List.of("b"), "CLUSTERDOWN The cluster is down"));
        }
        answers.add(new CacheStore.Deletion(1, List.of(), null));

        InvalidationResult result = invalidation.invalidate(List.of("a", "b"), Duration.ofSeconds(30));

        assertThat(result.failedKeys()).isEmpty();
        assertThat(deletes).isEqualTo(6);
    }

    @Test
    void retriesEndWithThePatience() {
        for (int i = 0; i < 1000; i++) {
            answers.add(new CacheStore.Deletion(0, List.of("b"), "timed out"));
        }

        InvalidationResult result = invalidation.invalidate(List.of("b"), Duration.ofSeconds(3));

        assertThat(result.failedKeys()).containsExactly("b");
        assertThat(Duration.ofNanos(now)).isLessThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aDeletionTheStoreRefusedForGoodIsNotRetriedButTheOthersAre() {
        answers.add(new CacheStore.Deletion(0, List.of("a", "b"),
                "NOPERM User users-cache has no permissions to run the 'del' command", List.of("a")));
        answers.add(new CacheStore.Deletion(0, List.of("b"), "CLUSTERDOWN The cluster is down"));
        answers.add(new CacheStore.Deletion(1, List.of(), null));

        InvalidationResult result = invalidation.invalidate(List.of("a", "b"), Duration.ofSeconds(30));

        assertThat(result.failedKeys()).as("only the refused key").containsExactly("a");
        assertThat(result.failureReason()).contains("NOPERM");
        assertThat(deletes).as("b retried until deleted, a never again").isEqualTo(3);
        assertThat(requestedAfterTheFirst).containsExactly(List.of("b"), List.of("b"));
    }

}
