package dev.userfunctions.users.config;

import dev.userfunctions.cache.CacheSettings;
import dev.userfunctions.cache.RedisClusterSettings;
import dev.userfunctions.users.UserCache;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * {@code CACHE_TTL}, {@code CACHE_NEGATIVE_TTL}, {@code CACHE_COUNT_TTL} in seconds when
 * given as bare numbers, and {@code CACHE_TIMEOUT} in milliseconds; units such as
 * {@code 5m}, {@code 30s} or {@code 1s} work too. Unset values stay null here: the
 * defaults live with what uses them ({@link CacheSettings#DEFAULT_TTL},
 * {@link CacheSettings#DEFAULT_NEGATIVE_TTL}, {@link UserCache#DEFAULT_COUNT_TTL},
 * {@link RedisClusterSettings#DEFAULT_COMMAND_TIMEOUT}). Values outside the limits below
 * stop the start with a message that names the variable.
 */
@ConfigurationProperties("cache")
public record CacheProperties(@DurationUnit(ChronoUnit.SECONDS) Duration ttl,
        @DurationUnit(ChronoUnit.SECONDS) Duration negativeTtl, @DurationUnit(ChronoUnit.SECONDS) Duration countTtl,
        @DurationUnit(ChronoUnit.MILLIS) Duration timeout) {

    static final String TTL_ALLOWED = "a duration from 1 s to 7 days: seconds (300) or with a unit (5m, 1h)";
    static final String NEGATIVE_TTL_ALLOWED = "a duration from 1 s to 1 day: seconds (30) or with a unit (30s, 2m)";
    static final String COUNT_TTL_ALLOWED = "a duration from 1 s to 1 day: seconds (10) or with a unit (10s, 1m)";
    static final String TIMEOUT_ALLOWED = "a duration from 10 ms to 10 s: milliseconds (250) or with a unit "
            + "(250ms, 1s)";

    public CacheProperties {
        check("CACHE_TTL", ttl, Duration.ofSeconds(1), Duration.ofDays(7), TTL_ALLOWED);
        check("CACHE_NEGATIVE_TTL", negativeTtl, Duration.ofSeconds(1), Duration.ofDays(1), NEGATIVE_TTL_ALLOWED);
        check("CACHE_COUNT_TTL", countTtl, Duration.ofSeconds(1), Duration.ofDays(1), COUNT_TTL_ALLOWED);
        check("CACHE_TIMEOUT", timeout, Duration.ofMillis(10), Duration.ofSeconds(10), TIMEOUT_ALLOWED);
    }

    /** Unset (null) passes: the default applies. */
    static void check(String variable, Duration value, Duration min, Duration max, String allowed) {
        if (value != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
            throw new InvalidSettingException(variable, human(value), allowed);
        }
    }

    /** 300 s, 250 ms: as a user would write it, not PT5M. */
    static String human(Duration value) {
        return value.toMillis() % 1000 == 0 ? value.toSeconds() + "s" : value.toMillis() + "ms";
    }
}
