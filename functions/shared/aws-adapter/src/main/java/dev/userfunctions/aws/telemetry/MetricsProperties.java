package dev.userfunctions.aws.telemetry;

import dev.userfunctions.users.config.SettingSource;

import java.util.Objects;

/**
 * The Lambda functions' metrics: {@code METRICS_ENABLED} (default {@code true}) and
 * {@code METRICS_NAMESPACE}, the CloudWatch namespace (default
 * {@value #DEFAULT_NAMESPACE}; template.yaml sets {@code UserFunctions/<stack name>}).
 */
public record MetricsProperties(boolean enabled, String namespace) {

    public static final String DEFAULT_NAMESPACE = "UserFunctions";

    public static MetricsProperties from(SettingSource settings) {
        return new MetricsProperties(settings.flag("metrics.enabled", true),
                Objects.requireNonNullElse(settings.text("metrics.namespace"), DEFAULT_NAMESPACE));
    }

}
