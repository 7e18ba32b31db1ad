package dev.userfunctions.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How entries live and how the cache behaves when Redis misbehaves. Immutable; build with
 * {@link #builder()}.
 *
 * <p>
 * Defaults: entries 300 s, "not found" answers 30 s; single-flight off; an invalidation
 * keeps trying (waiting for a connection, retrying failed deletions) for up to 30 s. What
 * is not a setting is a constant beside the code it governs: the TTLs' jitter and the
 * leases' lifetimes in {@link dev.userfunctions.cache.lease.LeaseProtocol}, the breakers'
 * threshold and cool-down in {@link NodeBreakers}. The limits users may set are checked
 * where users set them (the functions' settings), once.
 */
public final class CacheSettings {

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

    private final String name;

    private final Duration ttl;

    private final Duration negativeTtl;

    private final boolean singleFlight;

    private final Duration invalidationPatience;

    private CacheSettings(Builder builder) {
        this.name = Objects.requireNonNull(builder.name, "name");
        this.ttl = Objects.requireNonNull(builder.ttl, "ttl");
        this.negativeTtl = Objects.requireNonNull(builder.negativeTtl, "negativeTtl");
        this.singleFlight = builder.singleFlight;
        this.invalidationPatience = Objects.requireNonNull(builder.invalidationPatience, "invalidationPatience");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Names the cache in metrics and logs. */
    public String name() {
        return name;
    }

    public Duration ttl() {
        return ttl;
    }

    public Duration negativeTtl() {
        return negativeTtl;
    }

    public boolean singleFlight() {
        return singleFlight;
    }

    /**
     * How long an invalidation keeps trying: waiting for a connection that is still being
     * made, and retrying deletions that failed. Then what is left is reported as failed.
     */
    public Duration invalidationPatience() {
        return invalidationPatience;
    }

    public static final class Builder {

        private String name = "cache";

        private Duration ttl = DEFAULT_TTL;

        private Duration negativeTtl = DEFAULT_NEGATIVE_TTL;

        private boolean singleFlight;

        private Duration invalidationPatience = DEFAULT_INVALIDATION_PATIENCE;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        public Builder negativeTtl(Duration negativeTtl) {
            this.negativeTtl = negativeTtl;
            return this;
        }

        /**
         * On for a process that serves concurrent requests (the local server), so that
         * its concurrent misses of a key share one load; a Lambda environment serves one
         * request at a time and has nothing to share.
         */
        public Builder singleFlight(boolean singleFlight) {
            this.singleFlight = singleFlight;
            return this;
        }

        public Builder invalidationPatience(Duration invalidationPatience) {
            this.invalidationPatience = invalidationPatience;
            return this;
        }

        public CacheSettings build() {
            return new CacheSettings(this);
        }

    }

}
