package dev.userfunctions.aws.telemetry;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.cloud.function.adapter.aws.AWSCompanionAutoConfiguration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * JSON log lines in the applications that Spring Cloud Function's {@code FunctionInvoker}
 * starts (the Lambda jars), with the request id of the invocation in each line logged
 * during one ({@link InvocationTelemetry}). Spring Boot's structured logging in the
 * Elastic Common Schema writes them; Lambda passes such lines to CloudWatch as they are.
 *
 * <p>
 * An environment post-processor because logging is set up before any application property
 * source is read. {@code FunctionInvoker} is recognised by the configuration it adds to
 * the application's sources (pinned by the Lambda tests, which check the lines). These
 * are defaults: {@code LOGGING_STRUCTURED_FORMAT_CONSOLE} or {@code LOGGING_LEVEL_*} in
 * the function's environment override them.
 */
public class LambdaLoggingDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.of("logging.structured.format.console", "ecs",
            "spring.main.banner-mode", "off",
            // One line per connection and per server state change: the log of a Lambda is
            // not
            // the place for them.
            "logging.level.org.mongodb.driver", "warn",
            // Spring Cloud Function's AWS adapter logs every event in full at INFO: paths
            // and bodies
            // carry user names.
            "logging.level.org.springframework.cloud.function.adapter.aws", "warn",
            // Warns at every start that Kotlin is on the classpath (a dependency brings
            // it); no function is
            // written in it.
            "logging.level.org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration",
            "error");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (application.getAllSources().contains(AWSCompanionAutoConfiguration.class)) {
            environment.getPropertySources().addLast(new MapPropertySource("lambdaLoggingDefaults", DEFAULTS));
        }
    }

}
