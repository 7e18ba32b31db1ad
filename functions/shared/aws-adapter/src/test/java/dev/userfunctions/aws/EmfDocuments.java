package dev.userfunctions.aws;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks of CloudWatch Embedded Metric Format documents against the specification
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html),
 * and sums of their values.
 */
public final class EmfDocuments {

    /** The units the specification allows. */
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second",
            "None");

    private EmfDocuments() {
    }

    public static boolean isEmf(JsonNode line) {
        return line.has("_aws");
    }

    /**
     * Fails unless {@code document} is a valid EMF document of {@code namespace}: a
     * millisecond timestamp, and every dimension and metric it declares present at the
     * root with a value of the right kind.
     */
    public static void assertValid(JsonNode document, String namespace) {
        JsonNode aws = document.get("_aws");
        assertThat(aws.isObject()).as("_aws is an object: %s", document).isTrue();
        assertThat(aws.get("Timestamp").isIntegralNumber()).as("Timestamp in ms: %s", document).isTrue();
        assertThat(aws.get("Timestamp").asLong()).isCloseTo(System.currentTimeMillis(),
                org.assertj.core.data.Offset.offset(600_000L));
        JsonNode directives = aws.get("CloudWatchMetrics");
        assertThat(directives.isArray() && !directives.isEmpty()).as("CloudWatchMetrics: %s", document).isTrue();
        for (JsonNode directive : directives) {
            assertThat(directive.get("Namespace").asString()).isEqualTo(namespace);
            JsonNode dimensionSets = directive.get("Dimensions");
            assertThat(dimensionSets.isArray()).as("Dimensions: %s", document).isTrue();
            for (JsonNode dimensionSet : dimensionSets) {
                assertThat(dimensionSet.size()).isBetween(1, 30);
                for (JsonNode dimension : dimensionSet) {
                    assertThat(document.path(dimension.asString()).isString())
                        .as("dimension %s is a string member: %s", dimension, document)
                        .isTrue();
                }
            }
            JsonNode metrics = directive.get("Metrics");
            assertThat(metrics.size()).as("Metrics: %s", document).isBetween(1, 100);
            for (JsonNode metric : metrics) {
                String name = metric.get("Name").asString();
                assertThat(name).isNotBlank().hasSizeLessThanOrEqualTo(255);
                assertThat(UNITS).contains(metric.get("Unit").asString());
                JsonNode value = document.get(name);
                assertThat(value).as("metric %s has a value: %s", name, document).isNotNull();
                if (value.isArray()) {
                    assertThat(value.size()).isBetween(1, 100);
                    value.forEach(sample -> assertThat(sample.isNumber()).isTrue());
                }
                else {
                    assertThat(value.isNumber()).as("metric %s is a number: %s", name, document).isTrue();
                }
            }
        }
    }

    /**
     * The sum of {@code metric} over the documents whose dimensions have the given values
     * (each sample of an array counted as its value).
     */
    public static double sum(List<JsonNode> documents, String metric, Map<String, String> dimensions) {
        double sum = 0;
        for (JsonNode document : documents) {
            boolean matches = dimensions.entrySet()
                .stream()
                .allMatch(dimension -> dimension.getValue().equals(document.path(dimension.getKey()).asString(null)));
            JsonNode value = document.get(metric);
            if (!matches || value == null) {
                continue;
            }
            if (value.isArray()) {
                for (JsonNode sample : value) {
                    sum += sample.asDouble();
                }
            }
            else {
                sum += value.asDouble();
            }
        }
        return sum;
    }

    /** How many samples of {@code metric} the documents hold. */
    public static int samples(List<JsonNode> documents, String metric) {
        return documents.stream()
            .map(document -> document.get(metric))
            .filter(value -> value != null)
            .mapToInt(value -> value.isArray() ? value.size() : 1)
            .sum();
    }

}
