package dev.userfunctions.users.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * One duration setting, declared once: its property (and so its environment variable),
 * its default, its limits, the unit of a bare number, and how a refused value is
 * explained. The settings records read ({@link SettingSource#duration}) and resolve their
 * values through it; the local server's ConfigurationTableTest checks the README's table
 * against its default and limits.
 *
 * @param property the Spring property, such as {@code cache.ttl} ({@code CACHE_TTL})
 * @param defaultValue the value when unset; null when unset means "none"
 * @param min the least allowed value
 * @param max the most allowed value; null for no upper limit
 * @param bareUnit the unit of a bare number
 * @param bareExample a bare number to show, such as {@code 300}
 * @param unitExamples values with units to show, such as {@code 5m, 1h}
 * @param whenUnset what unset means when there is no default, such as "no limit"; or null
 */
public record DurationSetting(String property, Duration defaultValue, Duration min, Duration max, ChronoUnit bareUnit,
        String bareExample, String unitExamples, String whenUnset) {

    /** A setting from {@code min} to {@code max}. */
    public static DurationSetting between(String property, Duration defaultValue, Duration min, Duration max,
            ChronoUnit bareUnit, String bareExample, String unitExamples) {
        return new DurationSetting(property, defaultValue, min, max, bareUnit, bareExample, unitExamples, null);
    }

    /** A positive setting without an upper limit; unset means {@code whenUnset}. */
    public static DurationSetting positive(String property, ChronoUnit bareUnit, String bareExample,
            String unitExamples, String whenUnset) {
        return new DurationSetting(property, null, Duration.ofMillis(1), null, bareUnit, bareExample, unitExamples,
                whenUnset);
    }

    /**
     * The environment variable users set: {@code cache.negative-ttl} →
     * CACHE_NEGATIVE_TTL.
     */
    public String variable() {
        return SettingSource.variableOf(property);
    }

    /** What is allowed, in words, as a refused value's message says it. */
    public String allowed() {
        String range = max == null ? "a positive duration" : "a duration from " + spoken(min) + " to " + spoken(max);
        String unit = bareUnit == ChronoUnit.MILLIS ? "milliseconds" : "seconds";
        return range + ": " + unit + " (" + bareExample + ") or with a unit (" + unitExamples + ")"
                + (whenUnset == null ? "" : "; unset for " + whenUnset);
    }

    /**
     * The value to use: {@code bound} when set and within the limits, else the default.
     * @throws InvalidSettingException naming the variable when out of the limits
     */
    public Duration resolve(Duration bound) {
        if (bound == null) {
            return defaultValue;
        }
        if (bound.compareTo(min) < 0 || (max != null && bound.compareTo(max) > 0)) {
            throw new InvalidSettingException(variable(), shown(bound), allowed());
        }
        return bound;
    }

    /** 300s, 250ms: as a user would write it, not PT5M. */
    static String shown(Duration value) {
        return value.toMillis() % 1000 == 0 ? value.toSeconds() + "s" : value.toMillis() + "ms";
    }

    /** 1 s, 10 ms, 1 hour, 7 days: as the explanations say it. */
    public static String spoken(Duration value) {
        if (value.toMillis() % 1000 != 0) {
            return value.toMillis() + " ms";
        }
        long seconds = value.toSeconds();
        if (seconds % 86_400 == 0) {
            return plural(seconds / 86_400, "day");
        }
        if (seconds % 3_600 == 0) {
            return plural(seconds / 3_600, "hour");
        }
        return seconds + " s";
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }

}
