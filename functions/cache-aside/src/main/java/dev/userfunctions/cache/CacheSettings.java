package dev.userfunctions.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How entries live and how the cache behaves when Redis misbehaves. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults: entries 300 s, "not found" answers 30 s, both ±10 % jitter; after 3 consecutive Redis failures
 * the cache is bypassed for a 2 s cool-down, then one request probes Redis again; single-flight on.
 */
public final class CacheSettings {

    private final String name;
    private final Duration ttl;
    private final Duration negativeTtl;
    private final double jitter;
    private final int failureThreshold;
    private final Duration coolDown;
    private final boolean singleFlight;

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

    /** Relative spread of TTLs, so that entries written together do not expire together. */
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

    private static Duration atLeastOneSecond(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("The " + what + " must be at least 1 s, was " + value);
        }
        return value;
    }

    public static final class Builder {
        private String name = "cache";
        private Duration ttl = Duration.ofSeconds(300);
        private Duration negativeTtl = Duration.ofSeconds(30);
        private double jitter = 0.10;
        private int failureThreshold = 3;
        private Duration coolDown = Duration.ofSeconds(2);
        private boolean singleFlight = true;

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

        /** Off only to measure what single-flight saves. */
        public Builder singleFlight(boolean singleFlight) {
            this.singleFlight = singleFlight;
            return this;
        }

        public CacheSettings build() {
            return new CacheSettings(this);
        }
    }
}
