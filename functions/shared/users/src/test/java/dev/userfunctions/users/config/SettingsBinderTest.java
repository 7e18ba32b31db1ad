package dev.userfunctions.users.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Lambda handlers' binder reads the settings records as the local server's context
 * does: the same values, defaults and refusals, with the one-line message that names the
 * variable.
 */
class SettingsBinderTest {

    private static SettingsBinder binder(String... properties) {
        MockEnvironment environment = new MockEnvironment();
        for (int i = 0; i < properties.length; i += 2) {
            environment.setProperty(properties[i], properties[i + 1]);
        }
        return SettingsBinder.of(environment);
    }

    @Test
    void durationsReadAsBootReadsThemWithTheFieldsUnit() {
        CacheProperties cache = binder("cache.ttl", "30", "cache.negative-ttl", "2m", "cache.timeout", "500")
            .bind(CacheProperties.class);

        assertThat(cache.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cache.negativeTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(cache.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(cache.countTtl()).as("unset: the default").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theSameValuesAsBootsOwnBinder() {
        for (String value : new String[] { "30", "45s", "5m", "1h" }) {
            MockEnvironment environment = new MockEnvironment().withProperty("cache.ttl", value);
            CacheProperties boots = Binder.get(environment).bindOrCreate("cache", CacheProperties.class);
            assertThat(SettingsBinder.of(environment).bind(CacheProperties.class)).as(value).isEqualTo(boots);
        }
    }

    @Test
    void aValueNotAllowedIsRefusedNamingItsVariable() {
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> binder("cache.ttl", "0s").bind(CacheProperties.class))
            .withMessage("CACHE_TTL=0s is not allowed: a duration from 1 s to 7 days: seconds (300) or with a unit "
                    + "(5m, 1h)");
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> binder("cache.ttl", "abc").bind(CacheProperties.class))
            .withMessageStartingWith("CACHE_TTL=abc is not allowed: a duration");
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> binder("cache.ttl", " 30 ").bind(CacheProperties.class))
            .as("spaces, as Boot refuses them")
            .withMessageStartingWith("CACHE_TTL= 30  is not allowed");
        assertThatExceptionOfType(InvalidSettingException.class)
            .isThrownBy(() -> binder("redis.tls", "maybe").bind(RedisSettings.class))
            .withMessage("REDIS_TLS=maybe is not allowed: true or false");
    }

    @Test
    void aBlankRedisUserIsTheDefaultUser() {
        assertThat(binder("redis.username", "  ").bind(RedisSettings.class).username()).isNull();
        assertThat(binder("redis.username", "cache").bind(RedisSettings.class).username()).isEqualTo("cache");
    }

}
