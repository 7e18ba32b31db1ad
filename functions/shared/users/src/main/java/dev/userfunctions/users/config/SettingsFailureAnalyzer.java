package dev.userfunctions.users.config;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a bad setting into one line that names the environment variable, the value and
 * what is allowed, instead of a stack trace: a value the records refuse
 * ({@link InvalidSettingException}), and a value Spring cannot even convert
 * (CACHE_TTL=abc), explained by its {@link DurationSetting} declaration. Registered in
 * META-INF/spring.factories, ahead of Boot's own analysers.
 */
public class SettingsFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    /** What the settings that are not durations accept, by property. */
    static final Map<String, String> ALLOWED = Map.of("redis.tls", "true or false");

    private final BeanFactory beanFactory;

    /** Boot hands failure analysers the application's bean factory. */
    public SettingsFailureAnalyzer(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /**
     * The application's bound settings record whose prefix {@code property} is under,
     * whichever module declares it.
     */
    private Optional<Class<?>> declaration(String property) {
        if (!(beanFactory instanceof ListableBeanFactory beans)) {
            return Optional.empty();
        }
        return Arrays.stream(beans.getBeanNamesForAnnotation(ConfigurationProperties.class))
            .filter(name -> property.startsWith(prefixOf(beans, name) + "."))
            .<Class<?>>map(name -> beans.getType(name, false))
            .filter(Objects::nonNull)
            .filter(type -> DurationSetting.declaredIn(type, property).isPresent())
            .findFirst();
    }

    private static String prefixOf(ListableBeanFactory beans, String name) {
        ConfigurationProperties bound = beans.findAnnotationOnBean(name, ConfigurationProperties.class, false);
        return bound == null ? "" : bound.prefix().isEmpty() ? bound.value() : bound.prefix();
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        String property = cause.getName().toString();
        return refusal(cause, declaration(property).orElse(Object.class))
            .map(refused -> analysis(refused.variable(), refused.shownValue(), refused.allowed(), rootFailure))
            .orElse(null);
    }

    /**
     * What a failure to bind the record {@code boundType} means to a user: the record's
     * own check that refused a value, or a value that could not even be converted,
     * explained by the record's declaration; empty for anything else. The local server
     * and the Lambda handlers ({@link SettingsBinder}) explain a refused value with it.
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

    /**
     * For a value refused by a check ({@link InvalidSettingException}), in binding or
     * after it (REDIS_ADDRESS_MAP, REDIS_NODES, MONGODB_URI); asked before the analyser
     * of conversion failures.
     */
    public static final class Direct extends AbstractFailureAnalyzer<InvalidSettingException> implements Ordered {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
            return analysis(cause.variable(), cause.shownValue(), cause.allowed(), rootFailure);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }

    }

    private static FailureAnalysis analysis(String variable, String value, String allowed, Throwable cause) {
        return new FailureAnalysis(variable + "=" + value + " is not allowed: " + allowed, "Set " + variable
                + " to an allowed value, or unset it for the default (the README's configuration table lists both).",
                cause);
    }

    /** cache.negative-ttl -> CACHE_NEGATIVE_TTL, the name users set. */
    static String variableOf(String property) {
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

}
