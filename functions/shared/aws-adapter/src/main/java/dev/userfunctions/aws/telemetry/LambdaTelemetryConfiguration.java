package dev.userfunctions.aws.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Telemetry of a Lambda application: the meter registry every component records into
 * (unless {@code METRICS_ENABLED=false}, when no registry exists and meters cost
 * nothing), and the {@link InvocationTelemetry} that writes them as EMF after each
 * invocation. JSON logs come from {@link LambdaLoggingDefaults}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsProperties.class)
public class LambdaTelemetryConfiguration {

    @Bean
    @ConditionalOnBooleanProperty(name = "metrics.enabled", matchIfMissing = true)
    InvocationMeterRegistry invocationMeterRegistry() {
        return new InvocationMeterRegistry();
    }

    @Bean
    InvocationTelemetry invocationTelemetry(ObjectProvider<MeterRegistry> registry, JsonMapper json,
            MetricsProperties metrics) {
        return new InvocationTelemetry(metrics.enabled() ? registry.getIfAvailable() : null, json, metrics.namespace());
    }

}
