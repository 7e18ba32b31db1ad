package dev.userfunctions.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How entries live and how the cache behaves when Redis misbehaves. Immutable; build with
 * {@link #builder()}.
 *
 * <p>
 * Defaults: entries 300 s, "not found" answers 30 s, both ±10 % jitter; after 3
 * consecutive Redis failures the cache is bypassed for a 2 s cool-down, then one request
 * probes Redis again; single-flight off; a lease lives at most 10 s, a caller that finds
 * another process's lease waits up to 250 ms for its value; an invalidation keeps trying
 * (waiting for a connection, retrying failed deletions) for up to 30 s.
 */
public final class CacheSettings {

    /** Lifetime of a cached value: 300 s. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(300);

    /** Lifetime of a cached "not found": 30 s. */
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(30);

    /** TTLs vary by ±10 %, so that entries written together do not expire together. */
    public static final double DEFAULT_JITTER = 0.10;

    /** Consecutive failures of a node that open its breaker: 3. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;

    /** How long an open breaker bypasses its node before one probe: 2 s. */
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(2);

    /** How long a lease lives if its holder never writes back: 10 s. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(10);

    /** How long a miss waits for another process's lease to turn into a value: 250 ms. */
    public static final Duration DEFAULT_LEASE_WAIT = Duration.ofMillis(250);

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

    private final double jitter;

    private final int failureThreshold;

    private final Duration coolDown;

    private final boolean singleFlight;

    private final Duration leaseTtl;

    private final Duration leaseWait;

    private final Duration invalidationPatience;

    private CacheSettings(Builder builder) {
        this.name = Objects.requireNonNull(builder.name, "name");
        this.ttl = atLeastOneSecond(builder.ttl, "TTL");
        this.negativeTtl = atLeastOneSecond(builder.negativeTtl, "negative TTL");
        if (builder.jitter < 0 || builder.jitter >= 1) {
            throw new IllegalArgumentException("Jitter must be in [0, 1), was " + builder.jitter);
        }
        this.jitter = builder.jitter;
        if (builder.failureThreshold < 1) {
            throw new IllegalArgumentException("Failure threshold must be at least 1, was " + builder.failureThreshold);
        }
        this.failureThreshold = builder.failureThreshold;
        this.coolDown = Objects.requireNonNull(builder.coolDown, "coolDown");
        this.singleFlight = builder.singleFlight;
        this.leaseTtl = atLeastOneSecond(builder.leaseTtl, "lease TTL");
        this.leaseWait = notNegative(builder.leaseWait, "lease wait");
        this.invalidationPatience = notNegative(builder.invalidationPatience, "invalidation patience");
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

    /**
     * Relative spread of TTLs, so that entries written together do not expire together.
     */
    public double jitter() {
        return jitter;
    }

    public int failureThreshold() {
        return failureThreshold;
    }

    public Duration coolDown() {
        return coolDown;
    }

    public boolean singleFlight() {
        return singleFlight;
    }

    /**
     * How long a miss's lease on its key lives. It outlasts the loader (MongoDB's own
     * timeouts end a load within 8 s), so that only a crashed loader leaves one behind,
     * and then only for this long.
     */
    public Duration leaseTtl() {
        return leaseTtl;
    }

    /**
     * How long a caller that finds another process's lease waits for that process's value
     * before it loads the value itself (and then does not write it back).
     */
    public Duration leaseWait() {
        return leaseWait;
    }

    /**
     * How long an invalidation keeps trying: waiting for a connection that is still being
     * made, and retrying deletions that failed. Then what is left is reported as failed.
     */
    public Duration invalidationPatience() {
        return invalidationPatience;
    }

    private static Duration notNegative(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative()) {
            throw new IllegalArgumentException("The " + what + " must not be negative, was " + value);
        }
        return value;
    }

    private static Duration atLeastOneSecond(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("The " + what + " must be at least 1 s, was " + value);
        }
        return value;
    }

    public static final class Builder {

        private String name = "cache";

        private Duration ttl = DEFAULT_TTL;

        private Duration negativeTtl = DEFAULT_NEGATIVE_TTL;

        private double jitter = DEFAULT_JITTER;

        private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;

        private Duration coolDown = DEFAULT_COOL_DOWN;

        private boolean singleFlight;

        private Duration leaseTtl = DEFAULT_LEASE_TTL;

        private Duration leaseWait = DEFAULT_LEASE_WAIT;

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

        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        public Builder failureThreshold(int failureThreshold) {
            this.failureThreshold = failureThreshold;
            return this;
        }

        public Builder coolDown(Duration coolDown) {
            this.coolDown = coolDown;
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

        public Builder leaseTtl(Duration leaseTtl) {
            this.leaseTtl = leaseTtl;
            return this;
        }

        public Builder leaseWait(Duration leaseWait) {
            this.leaseWait = leaseWait;
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
