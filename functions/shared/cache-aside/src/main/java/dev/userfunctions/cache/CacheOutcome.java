package dev.userfunctions.cache;

/** Where an answer came from; the functions send it as the {@code X-Cache} header. */
public enum CacheOutcome {

    /** Served from Redis. */
    HIT,
    /**
     * Not in Redis: loaded, and written back unless the wait for another caller's load
     * ran out (then loaded without writing back).
     */
    MISS,
    /**
     * Redis was not used (unreachable, failing or cooling down): loaded without the
     * cache.
     */
    BYPASS

}
