package dev.userfunctions.users.config;

import org.springframework.boot.context.properties.bind.BindException;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a setting that could not be bound means to a user, as one line that names the
 * environment variable, the value and what is allowed: a value a record refuses
 * ({@link InvalidSettingException}), and a value that cannot even be converted
 * ({@code CACHE_TTL=abc}), explained by the record's {@link DurationSetting} declaration.
 * The local server ({@link SettingsFailureAnalyzer}) and the Lambda handlers
 * ({@link SettingsBinder}) both explain a refused value with it.
 */
public final class SettingRefusals {

    /** What the settings that are not durations accept, by property. */
    static final Map<String, String> ALLOWED = Map.of("redis.tls", "true or false", "metrics.enabled", "true or false");

    private SettingRefusals() {
    }

    /**
     * The refusal behind a failure to bind the record {@code boundType}; empty for a
     * failure that is not about a value.
     */
    public static Optional<InvalidSettingException> refusal(BindException failure, Class<?> boundType) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException refused) {
                return Optional.of(refused);
            }
        }
        String property = failure.getName().toString();
        return DurationSetting.declaredIn(boundType, property)
            .map(DurationSetting::allowed)
            .or(() -> Optional.ofNullable(ALLOWED.get(property)))
            .map(allowed -> refused(failure, allowed));
    }

    private static InvalidSettingException refused(BindException failure, String allowed) {
        Object value = failure.getProperty() == null ? null : failure.getProperty().getValue();
        return new InvalidSettingException(variableOf(failure.getName().toString()), String.valueOf(value), allowed);
    }

    /** cache.negative-ttl -> CACHE_NEGATIVE_TTL, the name users set. */
    public static String variableOf(String property) {
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

}
