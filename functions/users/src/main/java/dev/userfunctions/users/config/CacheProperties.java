package dev.userfunctions.users.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * {@code CACHE_TTL} (default 300 s), {@code CACHE_NEGATIVE_TTL} (30 s),
 * {@code CACHE_COUNT_TTL} (10 s: the count changes with every seed and is cheap to
 * recompute) in seconds when given as bare numbers, and {@code CACHE_TIMEOUT} (250 ms) in
 * milliseconds; units such as {@code 5m}, {@code 30s} or {@code 1s} work too. Values
 * outside the limits below stop the start with a message that names the variable.
 */
@ConfigurationProperties("cache")
public record CacheProperties(@DefaultValue("300s") @DurationUnit(ChronoUnit.SECONDS) Duration ttl,
        @DefaultValue("30s") @DurationUnit(ChronoUnit.SECONDS) Duration negativeTtl,
        @DefaultValue("10s") @DurationUnit(ChronoUnit.SECONDS) Duration countTtl,
        @DefaultValue("250ms") @DurationUnit(ChronoUnit.MILLIS) Duration timeout) {

    static final String TTL_ALLOWED = "a duration from 1 s to 7 days: seconds (300) or with a unit (5m, 1h)";
    static final String NEGATIVE_TTL_ALLOWED = "a duration from 1 s to 1 day: seconds (30) or with a unit (30s, 2m)";
    static final String COUNT_TTL_ALLOWED = "a duration from 1 s to 1 day: seconds (10) or with a unit (10s, 1m)";
    static final String TIMEOUT_ALLOWED = "a duration from 10 ms to 10 s: milliseconds (250) or with a unit (250ms, 1s)";

    public CacheProperties {
        check("CACHE_TTL", ttl, Duration.ofSeconds(1), Duration.ofDays(7), TTL_ALLOWED);
        check("CACHE_NEGATIVE_TTL", negativeTtl, Duration.ofSeconds(1), Duration.ofDays(1), NEGATIVE_TTL_ALLOWED);
        check("CACHE_COUNT_TTL", countTtl, Duration.ofSeconds(1), Duration.ofDays(1), COUNT_TTL_ALLOWED);
        check("CACHE_TIMEOUT", timeout, Duration.ofMillis(10), Duration.ofSeconds(10), TIMEOUT_ALLOWED);
    }

    static void check(String variable, Duration value, Duration min, Duration max, String allowed) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidSettingException(variable, value == null ? "(empty)" : human(value), allowed);
        }
    }

    /** 300 s, 250 ms: as a user would write it, not PT5M. */
    static String human(Duration value) {
        return value.toMillis() % 1000 == 0 ? value.toSeconds() + "s" : value.toMillis() + "ms";
    }
}
