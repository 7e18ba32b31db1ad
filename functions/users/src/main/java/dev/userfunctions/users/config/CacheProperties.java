package dev.userfunctions.users.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * {@code CACHE_TTL} (default 300 s), {@code CACHE_NEGATIVE_TTL} (30 s), {@code CACHE_COUNT_TTL} (10 s: the
 * count changes with every seed and is cheap to recompute) in seconds when given as bare numbers, and
 * {@code CACHE_TIMEOUT} (250 ms) in milliseconds; units such as {@code 5m} or {@code 1s} work too.
 */
@ConfigurationProperties("cache")
public record CacheProperties(
        @DefaultValue("300s") @DurationUnit(ChronoUnit.SECONDS) Duration ttl,
        @DefaultValue("30s") @DurationUnit(ChronoUnit.SECONDS) Duration negativeTtl,
        @DefaultValue("10s") @DurationUnit(ChronoUnit.SECONDS) Duration countTtl,
        @DefaultValue("250ms") @DurationUnit(ChronoUnit.MILLIS) Duration timeout) {
}
