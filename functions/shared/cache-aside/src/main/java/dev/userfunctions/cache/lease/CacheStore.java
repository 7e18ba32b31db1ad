package dev.userfunctions.cache.lease;

import java.time.Duration;
import java.util.List;

/**
 * The operations the lease protocol needs of a key-value store with expiry, one key at a
 * time (in a Redis Cluster, one slot: each operation goes to one node). Every operation
 * either answers or throws {@link CacheStoreException}, within the store's own timeout.
 */
public interface CacheStore {

    /** The bytes under {@code key}, or null when there are none ({@code GET}). */
    byte[] get(String key);

    /**
     * Stores {@code lease} under {@code key} for {@code ttl} only if the key holds
     * nothing ({@code SET NX PX}); whether it was stored.
     */
    boolean putIfAbsent(String key, byte[] lease, Duration ttl);

    /**
     * Replaces {@code expected} by {@code value}, living {@code ttl}, in one atomic step;
     * false, changing nothing, when the key holds anything else or nothing.
     */
    boolean compareAndSet(String key, byte[] expected, byte[] value, Duration ttl);

    /** Deletes {@code key} if it holds {@code expected}, in one atomic step. */
    void deleteIfEquals(String key, byte[] expected);

    /**
     * Deletes {@code keys} (whatever they hold), as few commands as the store needs (one
     * per cluster slot), never throwing: what could not be deleted is in the answer.
     */
    Deletion delete(List<String> keys);

    /**
     * Whether the store can be asked now, waiting up to {@code patience} for a connection
     * that is still being made.
     */
    boolean awaitReady(Duration patience);

    /**
     * What a {@link #delete(List)} did: how many keys existed and were deleted, which
     * could not be deleted, why (null when none failed), and which of those the store
     * refused for good, so that trying again cannot help (a missing permission).
     */
    record Deletion(long deleted, List<String> failed, String reason, List<String> refused) {

        public Deletion {
            failed = List.copyOf(failed);
            refused = List.copyOf(refused);
        }

        public Deletion(long deleted, List<String> failed, String reason) {
            this(deleted, failed, reason, List.of());
        }

        /** The failed keys worth trying again. */
        public List<String> retryable() {
            return failed.stream().filter(key -> !refused.contains(key)).toList();
        }

    }

}
