package dev.userfunctions.users.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.env.MockEnvironment;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The settings records read the same values, defaults and refusals from a Lambda
 * handler's process as from the local server's environment, with the one-line message
 * that names the variable.
 */
class SettingSourceTest {

    /** A process with {@code environment} and no system properties. */
    private static ProcessSettings process(Map<String, String> environment) {
        return new ProcessSettings(environment, new Properties());
    }

    /**
     * What the local server reads from an environment of these properties: name, value,
     * ...
     */
    private static UsersSettings localServer(String... properties) {
        MockEnvironment environment = new MockEnvironment();
        for (int i = 0; i < properties.length; i += 2) {
            environment.setProperty(properties[i], properties[i + 1]);
        }
        return UsersSettings.from(SettingSource.of(environment));
    }

    @Test
    void theLocalServersPlaceholdersResolveWhereTheyCanAndStayOtherwise() {
        UsersSettings settings = localServer("other", "42", "cache.ttl", "${other}", "redis.password", "pa${x}ss");

        assertThat(settings.cache().ttl()).isEqualTo(Duration.ofSeconds(42));
        assertThat(settings.redis().password()).isEqualTo("pa${x}ss");
    }

    @Test
    void aProcessIsReadByTheVariablesUsersSet() {
        CacheProperties cache = CacheProperties.from(process(
                Map.of("CACHE_TTL", "30", "CACHE_NEGATIVE_TTL", "2m", "CACHE_TIMEOUT", "500", "cache.ttl", "1")));

        assertThat(cache.ttl()).as("a bare number in the setting's unit").isEqualTo(Duration.ofSeconds(30));
        assertThat(cache.negativeTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(cache.timeout()).as("milliseconds").isEqualTo(Duration.ofMillis(500));
        assertThat(cache.countTtl()).as("unset: the default").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aSystemPropertyWinsOverTheEnvironment() {
        Properties system = new Properties();
        system.setProperty("cache.ttl", "45s");
        ProcessSettings settings = new ProcessSettings(Map.of("CACHE_TTL", "30"), system);

        assertThat(CacheProperties.from(settings).ttl()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void theLocalServersEnvironmentIsReadByPropertyName() {
        UsersSettings settings = localServer("cache.ttl", "1h", "redis.tls", "true", "seed.ignored", "x");

        assertThat(settings.cache().ttl()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.redis().tls()).isTrue();
        assertThat(settings.mongo().database()).as("unset: the default").isEqualTo("somedb");
    }

    @ParameterizedTest
    @CsvSource({ "30, PT30S", "45s, PT45S", "5m, PT5M", "1h, PT1H", "PT2M, PT2M", "'', PT5M" })
    void durationsAsSpringBootWritesThem(String value, Duration expected) {
        assertThat(CacheProperties.from(process(Map.of("CACHE_TTL", value))).ttl()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({ "true, true", "FALSE, false", "on, true", "no, false", "1, true", "' ', false" })
    void switchesAsSpringReadsThem(String value, boolean expected) {
        assertThat(RedisSettings.from(process(Map.of("REDIS_TLS", value))).tls()).isEqualTo(expected);
    }

    @Test
    void aValueNotAllowedIsRefusedNamingItsVariable() {
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> CacheProperties.from(process(Map.of("CACHE_TTL", "0s"))))
            .withMessage("CACHE_TTL=0s is not allowed: a duration from 1 s to 7 days: seconds (300) or with a unit "
                    + "(5m, 1h)");
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> CacheProperties.from(process(Map.of("CACHE_TTL", "abc"))))
            .withMessage("CACHE_TTL=abc is not allowed: " + CacheProperties.TTL.allowed());
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> CacheProperties.from(process(Map.of("CACHE_TTL", " 30 "))))
            .as("spaces, as Boot refuses them")
            .withMessageStartingWith("CACHE_TTL= 30  is not allowed");
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> RedisSettings.from(process(Map.of("REDIS_TLS", "maybe"))))
            .withMessage("REDIS_TLS=maybe is not allowed: true or false");
    }

    @Test
    void aBlankRedisUserIsTheDefaultUser() {
        assertThat(RedisSettings.from(process(Map.of("REDIS_USERNAME", "  "))).username()).isNull();
        assertThat(RedisSettings.from(process(Map.of("REDIS_USERNAME", "cache"))).username()).isEqualTo("cache");
    }

    @Test
    void settingsUnderAPrefixByTheirNameAsBootMapsThem() {
        Properties system = new Properties();
        system.setProperty("logging.level.org.mongodb.driver", "DEBUG");
        system.setProperty("logging.levelx", "ignored");
        ProcessSettings settings = new ProcessSettings(Map.of("LOGGING_LEVEL_ORG_MONGODB_DRIVER", "ERROR",
                "LOGGING_LEVEL_ROOT", "WARN", "LOGGING_LEVEL_", "ignored", "OTHER", "x"), system);

        assertThat(settings.under("logging.level"))
            .containsExactlyInAnyOrderEntriesOf(Map.of("org.mongodb.driver", "DEBUG", "root", "WARN"));
    }

}
