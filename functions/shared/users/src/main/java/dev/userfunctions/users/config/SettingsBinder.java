package dev.userfunctions.users.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.ConditionalGenericConverter;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Binds the settings records ({@code @ConfigurationProperties} records such as
 * {@link CacheProperties}) from the process's environment variables and system
 * properties, with Spring Boot's {@link Binder} and its relaxed names
 * ({@code MONGODB_URI} is {@code mongodb.uri}): the same declarations, defaults, limits
 * and conversions the local server's context binds, for the Lambda handlers, which have
 * no context. A value that is not allowed fails with the {@link InvalidSettingException}
 * whose message is the line the local server prints for it.
 */
public final class SettingsBinder {

    private final ConfigurableEnvironment environment;

    private final Binder binder;

    private SettingsBinder(ConfigurableEnvironment environment) {
        this.environment = environment;
        this.binder = new Binder(ConfigurationPropertySources.get(environment),
                new PropertySourcesPlaceholdersResolver(environment), conversions());
    }

    /**
     * Spring's default conversions and durations as Boot reads them (a bare number in the
     * unit of the field's {@code @DurationUnit}, or {@code 30s}, {@code 5m}): what the
     * records need, without Boot's shared conversion service and its formatters, which
     * cost a Lambda's init a tenth of a second at its CPU share for nothing.
     */
    private static ConversionService conversions() {
        DefaultConversionService conversions = new DefaultConversionService();
        conversions.addConverter(new DurationConverter());
        return conversions;
    }

    /** Text to a duration with Boot's own parser and the field's unit. */
    private static final class DurationConverter implements ConditionalGenericConverter {

        @Override
        public Set<ConvertiblePair> getConvertibleTypes() {
            return Set.of(new ConvertiblePair(String.class, Duration.class));
        }

        @Override
        public boolean matches(TypeDescriptor sourceType, TypeDescriptor targetType) {
            return true;
        }

        @Override
        public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
            String text = (String) source;
            if (text == null || text.isEmpty()) {
                return null;
            }
            DurationUnit unit = targetType.getAnnotation(DurationUnit.class);
            return DurationStyle.detectAndParse(text, unit == null ? null : unit.value());
        }

    }

    /** The process's environment variables and system properties. */
    public static SettingsBinder fromEnvironment() {
        return of(new StandardEnvironment());
    }

    /** The settings in {@code environment}. */
    static SettingsBinder of(ConfigurableEnvironment environment) {
        return new SettingsBinder(environment);
    }

    /** Where the settings come from, for the libraries that read it themselves. */
    public ConfigurableEnvironment environment() {
        return environment;
    }

    /**
     * One setting that no record declares (Boot's own, such as {@code logging.level}), if
     * set.
     */
    public <T> Optional<T> value(String property, Bindable<T> type) {
        return binder.bind(property, type).map(Optional::of).orElseGet(Optional::empty);
    }

    /**
     * The record {@code type} bound under its {@code @ConfigurationProperties} prefix,
     * unset values left to its defaults.
     * @throws InvalidSettingException naming the variable, for a value not allowed
     */
    public <T> T bind(Class<T> type) {
        ConfigurationProperties declared = type.getAnnotation(ConfigurationProperties.class);
        if (declared == null) {
            throw new IllegalArgumentException(type.getName() + " is not a @ConfigurationProperties record");
        }
        String prefix = declared.prefix().isEmpty() ? declared.value() : declared.prefix();
        try {
            return binder.bindOrCreate(prefix, Bindable.of(type));
        }
        catch (BindException failure) {
            throw SettingRefusals.refusal(failure, type).orElseThrow(() -> failure);
        }
    }

}
