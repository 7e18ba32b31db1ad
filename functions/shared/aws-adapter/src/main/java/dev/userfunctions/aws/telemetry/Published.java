package dev.userfunctions.aws.telemetry;

import io.micrometer.core.instrument.Meter;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One metric: the Micrometer meter it comes from (optionally only the meters with a given
 * tag value), its CloudWatch name and unit, and the tags that become dimensions.
 */
record Published(String meter, String metric, String unit, Map<String, Dimension> dimensionByTag,
        Predicate<Meter.Id> filter) {

    static final String COUNT = "Count";

    static final String MILLISECONDS = "Milliseconds";

    static Published count(String meter, String metric) {
        return new Published(meter, metric, COUNT, Map.of(), id -> true);
    }

    static Published milliseconds(String meter, String metric) {
        return new Published(meter, metric, MILLISECONDS, Map.of(), id -> true);
    }

    Published dimension(String tag, String dimension) {
        return withDimension(tag, new Dimension(dimension, false));
    }

    /** Outcomes are spelled as the answers' {@code X-Cache} header spells them. */
    Published upperCaseDimension(String tag, String dimension) {
        return withDimension(tag, new Dimension(dimension, true));
    }

    private Published withDimension(String tag, Dimension dimension) {
        Map<String, Dimension> dimensions = new LinkedHashMap<>(dimensionByTag);
        dimensions.put(tag, dimension);
        return new Published(meter, metric, unit, dimensions, filter);
    }

    Published when(String tag, String value) {
        return new Published(meter, metric, unit, dimensionByTag, filter.and(id -> value.equals(id.getTag(tag))));
    }

    boolean matches(Meter.Id id) {
        return id.getName().equals(meter) && filter.test(id);
    }

    Map<String, String> dimensionsOf(String function, Meter.Id id) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put(EmfPublisher.FUNCTION_DIMENSION, function);
        dimensionByTag.forEach((tag, dimension) -> {
            String value = id.getTag(tag) == null ? "none" : id.getTag(tag);
            dimensions.put(dimension.name(), dimension.upperCase() ? value.toUpperCase(Locale.ROOT) : value);
        });
        return dimensions;
    }

    /** A tag that becomes a dimension, and whether its value is upper-cased. */
    record Dimension(String name, boolean upperCase) {
    }

}
