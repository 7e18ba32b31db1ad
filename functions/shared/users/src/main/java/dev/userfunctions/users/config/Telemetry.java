package dev.userfunctions.users.config;

import dev.userfunctions.cache.CacheAside;
import dev.userfunctions.cache.CacheSettings;
import dev.userfunctions.cache.RedisClusterSettings;
import dev.userfunctions.cache.lease.CacheEvents;
import dev.userfunctions.users.UserEvents;
import io.micrometer.core.instrument.MeterRegistry;

/** Where the shared parts report what they do. */
public sealed interface Telemetry permits Telemetry.Meters, Telemetry.Events {

    /** Opens the cache, reporting here. */
    CacheAside openCache(RedisClusterSettings redis, CacheSettings settings);

    /** Where the repository reports the seeds' counts. */
    UserEvents userEvents();

    /** Nothing reported. */
    static Telemetry none() {
        return new Events(CacheEvents.NONE, UserEvents.NONE);
    }

    /** Micrometer's meters, as the local server's actuator shows them. */
    record Meters(MeterRegistry registry) implements Telemetry {

        @Override
        public CacheAside openCache(RedisClusterSettings redis, CacheSettings settings) {
            return CacheAside.open(redis, settings, registry);
        }

        @Override
        public UserEvents userEvents() {
            return new UserMeters(registry);
        }

    }

    /** One call per event: on Lambda, written as EMF at the end of each invocation. */
    record Events(CacheEvents cache, UserEvents users) implements Telemetry {

        @Override
        public CacheAside openCache(RedisClusterSettings redis, CacheSettings settings) {
            return CacheAside.open(redis, settings, cache);
        }

        @Override
        public UserEvents userEvents() {
            return users;
        }

    }

}
