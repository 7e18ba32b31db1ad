package dev.userfunctions.users.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * The local server's report of a setting that is not allowed
 * ({@link InvalidSettingException}, from reading a settings record or from a check after
 * it, such as REDIS_ADDRESS_MAP's or MONGODB_URI's): one line that names the environment
 * variable, the value and what is allowed, instead of a stack trace. Registered in
 * META-INF/spring.factories, ahead of Boot's own analysers. A Lambda handler logs the
 * same line ({@code ExecutionEnvironment}).
 */
public class SettingsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
        return new FailureAnalysis(cause.getMessage(), "Set " + cause.variable()
                + " to an allowed value, or unset it for the default (the README's configuration table lists both).",
                rootFailure);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

}
