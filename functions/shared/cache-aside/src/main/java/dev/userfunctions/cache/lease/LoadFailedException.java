package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.CacheOutcome;

/**
 * The loader of a read threw; its exception is the cause. Says what the read's cache
 * outcome was: {@link CacheOutcome#MISS} when the store was asked,
 * {@link CacheOutcome#BYPASS} when the key's node was bypassed or failed.
 */
public final class LoadFailedException extends RuntimeException {

    private final CacheOutcome outcome;

    public LoadFailedException(CacheOutcome outcome, RuntimeException loaderFailure) {
        super(loaderFailure.getMessage(), loaderFailure, false, false);
        this.outcome = outcome;
    }

    public CacheOutcome outcome() {
        return outcome;
    }

    /** The loader's exception, unchanged. */
    public RuntimeException loaderFailure() {
        return (RuntimeException) getCause();
    }

}
