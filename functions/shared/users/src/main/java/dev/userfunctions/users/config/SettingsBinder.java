package dev.userfunctions.users.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;

import java.util.Optional;

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
        // Boot's shared conversion service, as in the local server's context: the binder
        // adds it whatever it is given.
        this.binder = new Binder(ConfigurationPropertySources.get(environment),
                new PropertySourcesPlaceholdersResolver(environment));
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
