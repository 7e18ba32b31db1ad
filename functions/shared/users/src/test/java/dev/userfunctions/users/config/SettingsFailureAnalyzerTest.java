package dev.userfunctions.users.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A refused setting is explained in one line: a value outside its limits by the check
 * that refused it, a value Spring cannot convert by its setting's declaration, found
 * among the application's bound settings records.
 */
class SettingsFailureAnalyzerTest {

    @Test
    void anUnconvertibleValueIsExplainedByItsDeclaration() {
        assertThat(describe("cache.ttl", "abc"))
            .isEqualTo("CACHE_TTL=abc is not allowed: " + CacheProperties.TTL.allowed());
    }

    /**
     * Values outside a declaration's limits; FailedStartIT sees the same path end a real
     * start (with CACHE_TIMEOUT).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|',
            value = { "cache.ttl       | -5 | CACHE_TTL=-5s is not allowed: a duration from 1 s to 7 days",
                    "cache.count-ttl | 0  | CACHE_COUNT_TTL=0s is not allowed: a duration from 1 s to 1 day" })
    void aValueOutsideItsLimitsIsExplainedByItsDeclaration(String property, String value, String expected) {
        assertThat(describe(property, value)).startsWith(expected);
    }

    private static String describe(String property, String value) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerBeanDefinition("cache", new RootBeanDefinition(CacheProperties.class));
        BindException failure = catchThrowableOfType(BindException.class,
                () -> new Binder(new MapConfigurationPropertySource(Map.of(property, value))).bind("cache",
                        CacheProperties.class));
        // As Boot asks them: the analyser of refused values first, then that of
        // conversions.
        FailureAnalysis analysis = Optional.ofNullable(new SettingsFailureAnalyzer.Direct().analyze(failure))
            .orElseGet(() -> new SettingsFailureAnalyzer(beans).analyze(failure));
        assertThat(analysis).as("an analysis of %s=%s", property, value).isNotNull();
        return analysis.getDescription();
    }

}
