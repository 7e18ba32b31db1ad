package dev.userfunctions.users.config;

import dev.userfunctions.cache.CacheSettings;
import dev.userfunctions.cache.RedisClusterSettings;
import dev.userfunctions.users.UserCache;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * {@code CACHE_TTL}, {@code CACHE_NEGATIVE_TTL}, {@code CACHE_COUNT_TTL} and
 * {@code CACHE_INVALIDATION_PATIENCE} (how long a write retries the deletions Redis could
 * not make) in seconds when given as bare numbers, and {@code CACHE_TIMEOUT} (the Redis
 * command timeout) in milliseconds; units such as {@code 5m}, {@code 30s} or {@code 1s}
 * work too. Each is declared once below, with its default (the cache library's) and
 * limits; the record holds the values to use, unset ones replaced by their defaults.
 * Values outside the limits stop the start with a message that names the variable.
 */
public record CacheProperties(Duration ttl, Duration negativeTtl, Duration countTtl, Duration timeout,
        Duration invalidationPatience) {

    static final DurationSetting TTL = DurationSetting.between("cache.ttl", CacheSettings.DEFAULT_TTL,
            Duration.ofSeconds(1), Duration.ofDays(7), ChronoUnit.SECONDS, "300", "5m, 1h");

    static final DurationSetting NEGATIVE_TTL = DurationSetting.between("cache.negative-ttl",
            CacheSettings.DEFAULT_NEGATIVE_TTL, Duration.ofSeconds(1), Duration.ofDays(1), ChronoUnit.SECONDS, "30",
            "30s, 2m");

    static final DurationSetting COUNT_TTL = DurationSetting.between("cache.count-ttl", UserCache.DEFAULT_COUNT_TTL,
            Duration.ofSeconds(1), Duration.ofDays(1), ChronoUnit.SECONDS, "10", "10s, 1m");

    static final DurationSetting TIMEOUT = DurationSetting.between("cache.timeout",
            RedisClusterSettings.DEFAULT_COMMAND_TIMEOUT, Duration.ofMillis(10), Duration.ofSeconds(10),
            ChronoUnit.MILLIS, "250", "250ms, 1s");

    static final DurationSetting INVALIDATION_PATIENCE = DurationSetting.between("cache.invalidation-patience",
            CacheSettings.DEFAULT_INVALIDATION_PATIENCE, Duration.ofSeconds(1), Duration.ofMinutes(5),
            ChronoUnit.SECONDS, "30", "30s, 1m");

    public static CacheProperties from(SettingSource settings) {
        return new CacheProperties(settings.duration(TTL), settings.duration(NEGATIVE_TTL),
                settings.duration(COUNT_TTL), settings.duration(TIMEOUT), settings.duration(INVALIDATION_PATIENCE));
    }

    public CacheProperties {
        ttl = TTL.resolve(ttl);
        negativeTtl = NEGATIVE_TTL.resolve(negativeTtl);
        countTtl = COUNT_TTL.resolve(countTtl);
        timeout = TIMEOUT.resolve(timeout);
        invalidationPatience = INVALIDATION_PATIENCE.resolve(invalidationPatience);
    }

}
