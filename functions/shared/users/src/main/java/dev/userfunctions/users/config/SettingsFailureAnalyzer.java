package dev.userfunctions.users.config;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The local server's side of {@link SettingRefusals}: turns a bad setting into one line
 * that names the environment variable, the value and what is allowed, instead of a stack
 * trace. Registered in META-INF/spring.factories, ahead of Boot's own analysers.
 */
public class SettingsFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

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
        return SettingRefusals.refusal(cause, declaration(property).orElse(Object.class))
            .map(refused -> analysis(refused.variable(), refused.shownValue(), refused.allowed(), rootFailure))
            .orElse(null);
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

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

}
