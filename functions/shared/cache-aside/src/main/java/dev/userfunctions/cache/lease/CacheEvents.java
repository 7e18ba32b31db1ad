package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.CacheOutcome;

/**
 * What the protocol tells its observer (the metrics in production): one call per event,
 * all of them no-ops unless overridden.
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

}
