package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.CacheOutcome;

/**
 * What the cache tells its observer: the protocol's reads, loads, write-backs and
 * invalidations, and its cluster side's breaker transitions. One call per event, all of
 * them no-ops unless overridden. The seam the metrics are written through: Micrometer's
 * meters on the local server, EMF on Lambda.
 */
public interface CacheEvents {

    CacheEvents NONE = new CacheEvents() {
    };

    /** A read answered (or failed in its loader) with this outcome. */
    default void outcome(CacheOutcome outcome) {
    }

    /** The loader ran for {@code nanos}, successfully or not. */
    default void loaded(long nanos) {
    }

    /** A read or a lease command failed in the store. */
    default void getFailed() {
    }

    /** A write-back failed in the store. */
    default void setFailed() {
    }

    /**
     * A write-back was stored, or superseded (its lease was gone: the key was invalidated
     * while it loaded).
     */
    default void writtenBack(boolean stored) {
    }

    /**
     * Another process's lease was waited on, and its value arrived or the wait expired.
     */
    default void leaseWaited(boolean served) {
    }

    /**
     * An invalidation deleted {@code deleted} keys and could not delete {@code failed}.
     */
    default void invalidated(long deleted, int failed) {
    }

    /**
     * The breaker of the master at {@code node} (host:port) entered {@code state}: OPEN,
     * HALF_OPEN or CLOSED.
     */
    default void breakerTransitioned(String node, String state) {
    }

}
