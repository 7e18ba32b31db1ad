package dev.userfunctions.users.config;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySourcesPropertyResolver;

import java.time.Duration;
import java.util.Locale;

/**
 * Where the settings records read their values: a property's raw value by its name
 * ({@code cache.negative-ttl}), or null when unset, and the one conversion of each kind
 * of value both paths use. The local server reads its Spring {@code Environment}
 * ({@link #of(ConfigurableEnvironment)}: Boot's relaxed names, command-line arguments and
 * application.properties); a Lambda handler reads its process ({@link ProcessSettings}:
 * values as they are, no {@code ${...}} placeholders), without an application context's
 * binder and conversion service, the largest part of what a new environment paid beyond
 * the I/O it needs (docs/BENCHMARKS.md section 5).
 */
@FunctionalInterface
public interface SettingSource {

    /** The raw value of {@code property}, or null when it is not set. */
    String get(String property);

    /**
     * The settings in a Spring environment, with its relaxed names; a {@code ${...}} in a
     * value is resolved where it can be and otherwise left as it is, as Boot's binder
     * does (a password may hold one).
     */
    static SettingSource of(ConfigurableEnvironment environment) {
        PropertySourcesPropertyResolver resolver = new PropertySourcesPropertyResolver(
                environment.getPropertySources());
        resolver.setIgnoreUnresolvableNestedPlaceholders(true);
        return resolver::getProperty;
    }

    /**
     * The environment variable users set for a property: {@code cache.negative-ttl} →
     * {@code CACHE_NEGATIVE_TTL}.
     */
    static String variableOf(String property) {
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The value of {@code property}; null when unset or empty. */
    default String text(String property) {
        String value = get(property);
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * A switch: {@code true} or {@code false} (and, as Spring reads them, {@code on},
     * {@code yes}, {@code 1} / {@code off}, {@code no}, {@code 0}, in any case).
     * @throws InvalidSettingException naming the variable, for another value
     */
    default boolean flag(String property, boolean whenUnset) {
        String value = text(property);
        if (value == null || value.isBlank()) {
            return whenUnset;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new InvalidSettingException(variableOf(property), value, "true or false");
        };
    }

    /**
     * A duration as Spring Boot writes them ({@code 30}, {@code 30s}, {@code 5m},
     * {@code PT1M}), a bare number in the setting's unit; null when unset. Its limits and
     * default are the record's to apply ({@link DurationSetting#resolve}).
     * @throws InvalidSettingException naming the variable, for a value that is no
     * duration
     */
    default Duration duration(DurationSetting setting) {
        String value = text(setting.property());
        if (value == null) {
            return null;
        }
        try {
            return DurationStyle.detectAndParse(value, setting.bareUnit());
        }
        catch (IllegalArgumentException e) {
            throw new InvalidSettingException(setting.variable(), value, setting.allowed());
        }
    }

}
