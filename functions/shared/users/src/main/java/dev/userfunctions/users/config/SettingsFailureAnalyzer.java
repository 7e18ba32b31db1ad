package dev.userfunctions.users.config;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

import java.util.Locale;
import java.util.Map;

/**
 * Turns a bad setting into one line that names the environment variable, the value and
 * what is allowed, instead of a stack trace: a value the records refuse
 * ({@link InvalidSettingException}), and a value Spring cannot even convert
 * (CACHE_TTL=abc). Registered in META-INF/spring.factories, ahead of Boot's own
 * analysers.
 */
public class SettingsFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    /** What each setting accepts, by property: what a conversion failure prints. */
    static final Map<String, String> ALLOWED = Map.of("cache.ttl", CacheProperties.TTL_ALLOWED, "cache.negative-ttl",
            CacheProperties.NEGATIVE_TTL_ALLOWED, "cache.count-ttl", CacheProperties.COUNT_TTL_ALLOWED, "cache.timeout",
            CacheProperties.TIMEOUT_ALLOWED, "redis.topology-refresh", RedisSettings.TOPOLOGY_REFRESH_ALLOWED,
            "redis.tls", "true or false", "seed.time-budget",
            "a positive duration: seconds (20) or with a unit (20s, 1m); unset for no limit");

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        String property = cause.getName().toString();
        String allowed = ALLOWED.get(property);
        if (allowed == null) {
            return null;
        }
        Object value = cause.getProperty() == null ? null : cause.getProperty().getValue();
        return analysis(variableOf(property), String.valueOf(value), allowed, rootFailure);
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
