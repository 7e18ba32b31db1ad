package dev.userfunctions.cache;

/**
 * The names of the cache's Micrometer meters and tags: what {@link CacheMetrics} and the
 * node breakers register, and what the Lambda's metrics publisher looks for.
 */
public final class CacheMeters {

    /** Reads by outcome, tag {@link #RESULT}: hit, miss, bypass. */
    public static final String GETS = "cache.gets";

    /** Time in loaders on misses and bypasses. */
    public static final String LOAD = "cache.load";

    /** Redis errors and timeouts, tag {@code operation}: get, set, del. */
    public static final String ERRORS = "cache.errors";

    /** Keys invalidated, tag {@link #RESULT}: deleted, {@link #FAILED}. */
    public static final String INVALIDATIONS = "cache.invalidations";

    /** Breaker state changes, tags {@link #NODE} and {@link #STATE}. */
    public static final String BREAKER_TRANSITIONS = "cache.breaker.transitions";

    public static final String RESULT = "result";

    public static final String FAILED = "failed";

    public static final String NODE = "node";

    public static final String STATE = "state";

    private CacheMeters() {
    }

}
