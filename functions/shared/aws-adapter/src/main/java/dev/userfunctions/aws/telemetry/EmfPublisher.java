package dev.userfunctions.aws.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /** Each published metric's definition in a document's {@code _aws} block. */
    private static final List<String> DEFINITIONS = PUBLISHED.stream().map(Published::definition).toList();

    /** The key that precedes each published metric's value in a document. */
    private static final List<String> PROPERTIES = PUBLISHED.stream().map(Published::property).toList();

    private static final String REQUEST_ID_PROPERTY = ",\"" + InvocationTelemetry.REQUEST_ID + "\":";

    private final String namespace;

    private final String function;

    /** The registry's meters that are published, each with its document; kept current. */
    private final List<Tracked> tracked = new CopyOnWriteArrayList<>();

    /** One per set of dimension values met so far: each becomes one document. */
    private final Map<Map<String, String>, Document> documents = new ConcurrentHashMap<>();

    EmfPublisher(MeterRegistry registry, String namespace, String function) {
        this.namespace = namespace;
        this.function = function;
        registry.config().onMeterAdded(this::track);
        registry.config().onMeterRemoved(meter -> tracked.removeIf(t -> t.meter == meter));
        registry.getMeters().forEach(this::track);
    }

    private void track(Meter meter) {
        int index = publishedIndex(meter.getId());
        if (index >= 0 && tracked.stream().noneMatch(t -> t.meter == meter)) {
            Document document = documents.computeIfAbsent(PUBLISHED.get(index).dimensionsOf(function, meter.getId()),
                    Document::new);
            tracked.add(new Tracked(meter, index, document));
        }
    }

    /** Whether the meter {@code id} becomes one of the metrics written. */
    static boolean publishes(Meter.Id id) {
        return publishedIndex(id) >= 0;
    }

    /** The index in {@link #PUBLISHED} of what the meter {@code id} becomes, or -1. */
    private static int publishedIndex(Meter.Id id) {
        for (int index = 0; index < PUBLISHED.size(); index++) {
            if (PUBLISHED.get(index).matches(id)) {
                return index;
            }
        }
        return -1;
    }

    /** The names of the metrics written; template.yaml's alarms watch some of them. */
    public static Set<String> metricNames() {
        return PUBLISHED.stream().map(Published::metric).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Writes the documents of everything published that changed since the last call to
     * the standard output of the moment (the Lambda runtime replaces the JVM's), in one
     * write of bytes encoded once as UTF-8, past the stream's character encoder: the
     * write is most of what metrics cost (docs/BENCHMARKS.md, section 10).
     */
    void publish(String requestId) {
        String lines = lines(requestId, System.currentTimeMillis());
        if (!lines.isEmpty()) {
            byte[] bytes = lines.getBytes(StandardCharsets.UTF_8);
            PrintStream out = System.out;
            out.write(bytes, 0, bytes.length);
            out.flush();
        }
    }

    /**
     * Forgets what changed so far: what the init phase did (SnapStart's priming
     * invocation included) belongs to no invocation, and would otherwise be written with
     * the first one of every restored environment.
     */
    void discardPending() {
        lines(null, 0);
    }

    /**
     * The documents {@link #publish} writes, one line each (the empty string when nothing
     * changed). Runs after every invocation, so it appends what was prepared when the
     * meters appeared and writes the JSON directly.
     */
    synchronized String lines(String requestId, long timestampMillis) {
        for (Tracked meter : tracked) {
            meter.addChange();
        }
        StringBuilder lines = null;
        for (Document document : documents.values()) {
            if (document.changed) {
                if (lines == null) {
                    lines = new StringBuilder(512);
                }
                document.appendTo(lines, requestId, timestampMillis).append('\n');
            }
        }
        return lines == null ? "" : lines.toString();
    }

    /** Appends {@code text} as a JSON string. */
    private static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            }
            else if (c < 0x20) {
                json.append("\\u%04x".formatted((int) c));
            }
            else {
                json.append(c);
            }
        }
        return json.append('"');
    }

    /** A published meter, the index of what it becomes, and what of it was published. */
    private static final class Tracked {

        private final Meter meter;

        private final int index;

        private final Document document;

        private double publishedCount;

        Tracked(Meter meter, int index, Document document) {
            this.meter = meter;
            this.index = index;
            this.document = document;
        }

        /**
         * Adds to its document a counter's increase since the last call, or a timer's new
         * samples.
         */
        void addChange() {
            if (meter instanceof Counter counter) {
                double count = counter.count();
                if (count > publishedCount) {
                    document.add(index, count - publishedCount);
                    publishedCount = count;
                }
            }
            else if (meter instanceof InvocationMeterRegistry.SampledTimer timer) {
                for (double sample : timer.drainMillis()) {
                    document.sample(index, sample);
                }
            }
        }

    }

    /** The values of one set of dimension values, gathered until written. */
    private final class Document {

        /** From the namespace to the opening of the metric definitions. */
        private final String head;

        /** The dimensions' values as the document's properties. */
        private final String dimensionValues;

        private final double[] counts = new double[PUBLISHED.size()];

        private final List<List<Double>> samples = new ArrayList<>(PUBLISHED.size());

        private boolean changed;

        Document(Map<String, String> dimensions) {
            StringBuilder head = quote(new StringBuilder(",\"CloudWatchMetrics\":[{\"Namespace\":"), namespace)
                .append(",\"Dimensions\":[[");
            StringBuilder values = new StringBuilder();
            String separator = "";
            for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
                quote(head.append(separator), dimension.getKey());
                quote(quote(values.append(','), dimension.getKey()).append(':'), dimension.getValue());
                separator = ",";
            }
            this.head = head.append("]],\"Metrics\":[").toString();
            this.dimensionValues = values.toString();
            for (int i = 0; i < PUBLISHED.size(); i++) {
                samples.add(new ArrayList<>());
            }
        }

        void add(int index, double increase) {
            counts[index] += increase;
            changed = true;
        }

        void sample(int index, double millis) {
            samples.get(index).add(millis);
            changed = true;
        }

        /**
         * Appends the document's JSON, and leaves a clean slate for the next invocation.
         */
        StringBuilder appendTo(StringBuilder json, String requestId, long timestampMillis) {
            json.append("{\"_aws\":{\"Timestamp\":").append(timestampMillis).append(head);
            String separator = "";
            for (int i = 0; i < PUBLISHED.size(); i++) {
                if (counts[i] > 0 || !samples.get(i).isEmpty()) {
                    json.append(separator).append(DEFINITIONS.get(i));
                    separator = ",";
                }
            }
            json.append("]}]}").append(dimensionValues);
            for (int i = 0; i < PUBLISHED.size(); i++) {
                List<Double> metricSamples = samples.get(i);
                if (counts[i] > 0) {
                    appendNumber(json.append(PROPERTIES.get(i)), counts[i]);
                }
                else if (!metricSamples.isEmpty()) {
                    json.append(PROPERTIES.get(i)).append('[');
                    for (int j = 0; j < metricSamples.size(); j++) {
                        appendNumber(json.append(j == 0 ? "" : ","), metricSamples.get(j));
                    }
                    json.append(']');
                }
            }
            if (requestId != null) {
                quote(json.append(REQUEST_ID_PROPERTY), requestId);
            }
            Arrays.fill(counts, 0);
            samples.forEach(List::clear);
            changed = false;
            return json.append('}');
        }

        /**
         * Counts are whole numbers: written as such, without the cost of a double's
         * digits.
         */
        private static void appendNumber(StringBuilder json, double value) {
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                json.append((long) value);
            }
            else {
                json.append(value);
            }
        }

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

        /** The metric's definition in the document's {@code _aws} block. */
        String definition() {
            return "{\"Name\":\"" + metric + "\",\"Unit\":\"" + unit + "\"}";
        }

        /** The key that precedes the metric's value in the document. */
        String property() {
            return ",\"" + metric + "\":";
        }

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
