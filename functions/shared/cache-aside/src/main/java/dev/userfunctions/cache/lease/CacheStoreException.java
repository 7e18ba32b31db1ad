package dev.userfunctions.cache.lease;

/**
 * The store could not do what it was asked: it was not asked at all (not connected, or
 * the key's node is bypassed after failures), or it failed or timed out. Either way the
 * protocol reads from the loader instead; only a failure counts as an error.
 */
public final class CacheStoreException extends RuntimeException {

    private final boolean asked;

    private CacheStoreException(String message, Throwable cause, boolean asked) {
        super(message, cause, false, false);
        this.asked = asked;
    }

    /** The store was not asked: not connected, or the key's node is bypassed. */
    public static CacheStoreException notAsked(String why) {
        return new CacheStoreException(why, null, false);
    }

    /** The store was asked and failed or did not answer in time. */
    public static CacheStoreException failed(Throwable cause) {
        return new CacheStoreException(cause.getMessage(), cause, true);
    }

    /** True when the store was asked and failed; false when it was not asked. */
    public boolean asked() {
        return asked;
    }

}
