package dev.userfunctions.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How entries live and how the cache behaves when Redis misbehaves. Immutable: start from
 * {@link #named(String)}, the defaults, and change what differs with the {@code with}
 * methods.
 *
 * <p>
 * Defaults: entries 300 s, "not found" answers 30 s; single-flight off; an invalidation
 * keeps trying (waiting for a connection, retrying failed deletions) for up to 30 s. What
 * is not a setting is a constant beside the code it governs: the TTLs' jitter and the
 * leases' lifetimes in {@link dev.userfunctions.cache.lease.LeaseProtocol}, the breakers'
 * threshold and cool-down in {@link NodeBreakers}. The limits users may set are checked
 * where users set them (the functions' settings), once.
 *
 * @param name names the cache in metrics and logs
 * @param ttl lifetime of a cached value
 * @param negativeTtl lifetime of a cached "not found"
 * @param singleFlight whether concurrent misses of a key in this process share one load:
 * on for a process that serves concurrent requests (the local server); a Lambda
 * environment serves one request at a time and has nothing to share
 * @param invalidationPatience how long an invalidation keeps trying: waiting for a
 * connection that is still being made, and retrying deletions that failed; then what is
 * left is reported as failed
 */
public record CacheSettings(String name, Duration ttl, Duration negativeTtl, boolean singleFlight,
        Duration invalidationPatience) {

    /** Lifetime of a cached value: 300 s. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(300);

    /** Lifetime of a cached "not found": 30 s. */
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(30);

    /**
     * How long an invalidation keeps trying: 30 s, long enough to outlast a failover on
     * Redis's default {@code cluster-node-timeout}: 15 s before a silent master is
     * suspected, then the failure reports, the replicas' election and the client's view
     * of the promotion (a master cut off the network was replaced in the client's view 20
     * to 23 s after the cut, in SeedAcrossPartitionIT). A deletion that failed because
     * its master was gone succeeds once the promoted replica serves the slot; giving up
     * sooner leaves the entry to be served stale until its TTL.
     */
    public static final Duration DEFAULT_INVALIDATION_PATIENCE = Duration.ofSeconds(30);

    public CacheSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(negativeTtl, "negativeTtl");
        Objects.requireNonNull(invalidationPatience, "invalidationPatience");
    }

    /** A cache of this name with the defaults. */
    public static CacheSettings named(String name) {
        return new CacheSettings(name, DEFAULT_TTL, DEFAULT_NEGATIVE_TTL, false, DEFAULT_INVALIDATION_PATIENCE);
    }

    public CacheSettings withTtls(Duration ttl, Duration negativeTtl) {
        return new CacheSettings(name, ttl, negativeTtl, singleFlight, invalidationPatience);
    }

    public CacheSettings withSingleFlight(boolean singleFlight) {
        return new CacheSettings(name, ttl, negativeTtl, singleFlight, invalidationPatience);
    }

    public CacheSettings withInvalidationPatience(Duration invalidationPatience) {
        return new CacheSettings(name, ttl, negativeTtl, singleFlight, invalidationPatience);
    }

}
