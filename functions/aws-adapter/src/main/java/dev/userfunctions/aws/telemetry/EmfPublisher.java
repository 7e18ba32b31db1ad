package dev.userfunctions.aws.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Writes what an invocation did to the meters as CloudWatch Embedded Metric Format (EMF)
 * documents, one JSON line per set of dimension values, on standard output, where
 * Lambda's log pipeline turns them into metrics without an API call.
 *
 * <p>
 * Only the meters in {@link #PUBLISHED} are written, under the names an operator looks
 * for in CloudWatch, and only when they changed: counters as the increase since the last
 * invocation, timers as the durations recorded since then. Dimensions are few and never
 * carry request data: the function, and where it matters the cache outcome or the Redis
 * node and breaker state.
 */
public final class EmfPublisher {

    /** The dimension every metric has: getUser, seedUsers or countUsers. */
    public static final String FUNCTION_DIMENSION = "function";

    /** Invocation figures the telemetry counts itself: answers by status. */
    static final String ANSWERS_METER = "function.answers";

    /** The metrics written, in the order they appear. */
    static final List<Published> PUBLISHED = List.of(
            Published.count("cache.gets", "CacheGets").upperCaseDimension("result", "outcome"),
            Published.milliseconds("cache.load", "MongoDbLoadTime"), Published.count("cache.errors", "RedisErrors"),
            Published.count("cache.invalidations", "InvalidationFailures").when("result", "failed"),
            Published.count("cache.breaker.transitions", "BreakerTransitions")
                .dimension("node", "node")
                .dimension("state", "state"),
            Published.count("users.upserted", "SeededUsers"),
            Published.count(ANSWERS_METER, "MongoDbUnavailable").when("status", "503"),
            Published.count(ANSWERS_METER, "InternalErrors").when("status", "500"));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MeterRegistry registry;

    private final String namespace;

    private final String function;

    private final Map<Meter.Id, Double> publishedCounts = new HashMap<>();

    EmfPublisher(MeterRegistry registry, String namespace, String function) {
        this.registry = registry;
        this.namespace = namespace;
        this.function = function;
    }

    /** The names of the metrics written; template.yaml's alarms watch some of them. */
    public static Set<String> metricNames() {
        return PUBLISHED.stream().map(Published::metric).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Writes the documents of everything published that changed since the last call to
     * the standard output of the moment (the Lambda runtime replaces the JVM's).
     */
    void publish(String requestId) {
        for (String document : documents(requestId, System.currentTimeMillis())) {
            System.out.println(document);
        }
    }

    /** The documents {@link #publish} writes, one per set of dimension values. */
    List<String> documents(String requestId, long timestampMillis) {
        Map<Map<String, String>, Map<Published, List<Double>>> byDimensions = new LinkedHashMap<>();
        for (Meter meter : registry.getMeters()) {
            Published published = publishedAs(meter.getId());
            if (published == null) {
                continue;
            }
            List<Double> values = changeOf(meter);
            if (!values.isEmpty()) {
                byDimensions.computeIfAbsent(published.dimensionsOf(function, meter.getId()), d -> new HashMap<>())
                    .computeIfAbsent(published, p -> new ArrayList<>())
                    .addAll(values);
            }
        }
        List<String> documents = new ArrayList<>();
        byDimensions
            .forEach((dimensions, values) -> documents.add(document(dimensions, values, requestId, timestampMillis)));
        return documents;
    }

    private static Published publishedAs(Meter.Id id) {
        for (Published published : PUBLISHED) {
            if (published.matches(id)) {
                return published;
            }
        }
        return null;
    }

    /**
     * A counter's increase since the last call (summed with its siblings later), or a
     * timer's new samples; nothing when unchanged.
     */
    private List<Double> changeOf(Meter meter) {
        if (meter instanceof Counter counter) {
            double count = counter.count();
            Double before = publishedCounts.put(counter.getId(), count);
            double increase = count - (before == null ? 0 : before);
            return increase > 0 ? List.of(increase) : List.of();
        }
        if (meter instanceof InvocationMeterRegistry.SampledTimer timer) {
            return timer.drainMillis();
        }
        return List.of();
    }

    private String document(Map<String, String> dimensions, Map<Published, List<Double>> values, String requestId,
            long timestampMillis) {
        ObjectNode document = JSON.createObjectNode();
        ObjectNode aws = document.putObject("_aws");
        aws.put("Timestamp", timestampMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        dimensions.keySet().forEach(dimensionSet::add);
        ArrayNode metrics = directive.putArray("Metrics");
        dimensions.forEach(document::put);
        for (Published published : PUBLISHED) {
            List<Double> metricValues = values.get(published);
            if (metricValues == null) {
                continue;
            }
            metrics.addObject().put("Name", published.metric()).put("Unit", published.unit());
            if (published.unit().equals(Published.COUNT)) {
                document.put(published.metric(), metricValues.stream().mapToDouble(Double::doubleValue).sum());
            }
            else {
                ArrayNode samples = document.putArray(published.metric());
                metricValues.forEach(samples::add);
            }
        }
        if (requestId != null) {
            document.put(InvocationTelemetry.REQUEST_ID, requestId);
        }
        return JSON.writeValueAsString(document);
    }

    /**
     * One metric: the Micrometer meter it comes from (optionally only the meters with a
     * given tag value), its CloudWatch name and unit, and the tags that become
     * dimensions.
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
            dimensions.put(FUNCTION_DIMENSION, function);
            dimensionByTag.forEach((tag, dimension) -> {
                String value = id.getTag(tag) == null ? "none" : id.getTag(tag);
                dimensions.put(dimension.name(), dimension.upperCase() ? value.toUpperCase(Locale.ROOT) : value);
            });
            return dimensions;
        }

    }

    record Dimension(String name, boolean upperCase) {
    }

}
