package dev.userfunctions.users.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A refused setting stops the local server with one line: the variable, the value and
 * what is allowed, whether the value is no duration at all or outside its limits.
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

    /** As a start fails: the refusal inside the bean creation that read the settings. */
    private static String describe(String property, String value) {
        Throwable failure = catchThrowable(
                () -> CacheProperties.from(SettingSource.of(new MockEnvironment().withProperty(property, value))));
        FailureAnalysis analysis = new SettingsFailureAnalyzer()
            .analyze(new BeanCreationException("usersSettings", "could not be created", failure));
        assertThat(analysis).as("an analysis of %s=%s", property, value).isNotNull();
        assertThat(analysis.getAction())
            .startsWith("Set " + SettingSource.variableOf(property) + " to an allowed value");
        return analysis.getDescription();
    }

}
