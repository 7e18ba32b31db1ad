package dev.userfunctions.aws.telemetry;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Lambda functions' metrics: {@code METRICS_ENABLED} (default {@code true}) and
 * {@code METRICS_NAMESPACE}, the CloudWatch namespace (default
 * {@value #DEFAULT_NAMESPACE}; template.yaml sets {@code UserFunctions/<stack name>}).
 */
@ConfigurationProperties("metrics")
public record MetricsProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue(MetricsProperties.DEFAULT_NAMESPACE) String namespace) {

    public static final String DEFAULT_NAMESPACE = "UserFunctions";

}
