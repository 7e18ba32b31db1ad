package dev.userfunctions.aws.telemetry;

import dev.userfunctions.cache.CacheMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * node and breaker state. The documents are written by the application's JSON mapper
 * through a generator, over parts prepared once when a meter appears.
 */
public final class EmfPublisher {

    /** The dimension every metric has: getUser, seedUsers or countUsers. */
    public static final String FUNCTION_DIMENSION = "function";

    /** Invocation figures the telemetry counts itself: answers by status. */
    static final String ANSWERS_METER = "function.answers";

    /** The meter seedUsers counts the users it wrote with (users' UserRepository). */
    static final String UPSERTED_METER = "users.upserted";

    /** The metrics written, in the order they appear. */
    static final List<Published> PUBLISHED = List.of(
            Published.count(CacheMeters.GETS, "CacheGets").upperCaseDimension(CacheMeters.RESULT, "outcome"),
            Published.milliseconds(CacheMeters.LOAD, "MongoDbLoadTime"),
            Published.count(CacheMeters.ERRORS, "RedisErrors"),
            Published.count(CacheMeters.INVALIDATIONS, "InvalidationFailures")
                .when(CacheMeters.RESULT, CacheMeters.FAILED),
            Published.count(CacheMeters.BREAKER_TRANSITIONS, "BreakerTransitions")
                .dimension(CacheMeters.NODE, "node")
                .dimension(CacheMeters.STATE, "state"),
            Published.count(UPSERTED_METER, "SeededUsers"),
            Published.count(ANSWERS_METER, "MongoDbUnavailable").when("status", "503"),
            Published.count(ANSWERS_METER, "InternalErrors").when("status", "500"));

    /** Each published metric's name, the property its value is written under. */
    private static final List<SerializableString> PROPERTIES = PUBLISHED.stream()
        .map(published -> (SerializableString) new SerializedString(published.metric()))
        .toList();

    private final JsonMapper json;

    /**
     * Where each call's documents are written; reused, under the lock of
     * {@link #documents}.
     */
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

    private final String namespace;

    private final String function;

    /** Each published metric's definition in a document's {@code _aws} block, as JSON. */
    private final List<SerializableString> definitions;

    /** The registry's meters that are published, each with its document; kept current. */
    private final List<Tracked> tracked = new CopyOnWriteArrayList<>();

    /** One per set of dimension values met so far: each becomes one document. */
    private final Map<Map<String, String>, Document> documents = new ConcurrentHashMap<>();

    EmfPublisher(MeterRegistry registry, JsonMapper json, String namespace, String function) {
        this.json = json;
        this.namespace = namespace;
        this.function = function;
        this.definitions = PUBLISHED.stream()
            .map(published -> rawJson(Map.of("Name", published.metric(), "Unit", published.unit())))
            .toList();
        registry.config().onMeterAdded(this::track);
        registry.config().onMeterRemoved(meter -> tracked.removeIf(t -> t.meter == meter));
        registry.getMeters().forEach(this::track);
    }

    private SerializableString rawJson(Object value) {
        return new SerializedString(json.writeValueAsString(value));
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
     * write of UTF-8 bytes.
     */
    void publish(String requestId) {
        byte[] bytes = documents(requestId, System.currentTimeMillis());
        if (bytes.length > 0) {
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
    synchronized void discardPending() {
        collectChanges();
        documents.values().forEach(Document::clear);
    }

    /** The documents {@link #publish} writes, as text: one line each. */
    String lines(String requestId, long timestampMillis) {
        return new String(documents(requestId, timestampMillis), StandardCharsets.UTF_8);
    }

    /**
     * The documents of what changed, one line each (nothing when nothing changed); runs
     * after every invocation.
     */
    synchronized byte[] documents(String requestId, long timestampMillis) {
        collectChanges();
        buffer.reset();
        for (Document document : documents.values()) {
            if (document.changed) {
                try (JsonGenerator out = json.tokenStreamFactory()
                    .createGenerator(ObjectWriteContext.empty(), buffer)) {
                    document.writeTo(out, requestId, timestampMillis);
                }
                buffer.write('\n');
            }
        }
        return buffer.toByteArray();
    }

    /** Adds each published meter's change since the last call to its document. */
    private void collectChanges() {
        for (Tracked meter : tracked) {
            meter.addChange();
        }
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

        /** The dimensions' names, {@code [["function", …]]}, as JSON. */
        private final SerializableString dimensionNames;

        /** The dimensions' names as properties, and their values. */
        private final List<SerializableString> dimensionProperties = new ArrayList<>();

        private final List<String> dimensionValues;

        private final double[] counts = new double[PUBLISHED.size()];

        private final List<List<Double>> samples = new ArrayList<>(PUBLISHED.size());

        private boolean changed;

        Document(Map<String, String> dimensions) {
            this.dimensionNames = rawJson(List.of(List.copyOf(dimensions.keySet())));
            dimensions.keySet().forEach(name -> dimensionProperties.add(new SerializedString(name)));
            this.dimensionValues = List.copyOf(dimensions.values());
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

        /** Writes the document, and leaves a clean slate for the next invocation. */
        void writeTo(JsonGenerator out, String requestId, long timestampMillis) {
            out.writeStartObject();
            out.writeName("_aws");
            out.writeStartObject();
            out.writeName("Timestamp");
            out.writeNumber(timestampMillis);
            out.writeName("CloudWatchMetrics");
            out.writeStartArray();
            out.writeStartObject();
            out.writeName("Namespace");
            out.writeString(namespace);
            out.writeName("Dimensions");
            out.writeRawValue(dimensionNames);
            out.writeName("Metrics");
            out.writeStartArray();
            for (int i = 0; i < PUBLISHED.size(); i++) {
                if (counts[i] > 0 || !samples.get(i).isEmpty()) {
                    out.writeRawValue(definitions.get(i));
                }
            }
            out.writeEndArray();
            out.writeEndObject();
            out.writeEndArray();
            out.writeEndObject();
            for (int i = 0; i < dimensionProperties.size(); i++) {
                out.writeName(dimensionProperties.get(i));
                out.writeString(dimensionValues.get(i));
            }
            for (int i = 0; i < PUBLISHED.size(); i++) {
                if (counts[i] > 0) {
                    out.writeName(PROPERTIES.get(i));
                    writeNumber(out, counts[i]);
                }
                else if (!samples.get(i).isEmpty()) {
                    out.writeName(PROPERTIES.get(i));
                    out.writeStartArray();
                    for (double sample : samples.get(i)) {
                        writeNumber(out, sample);
                    }
                    out.writeEndArray();
                }
            }
            if (requestId != null) {
                out.writeName(InvocationTelemetry.REQUEST_ID);
                out.writeString(requestId);
            }
            out.writeEndObject();
            clear();
        }

        /** A clean slate for the next invocation. */
        void clear() {
            Arrays.fill(counts, 0);
            samples.forEach(List::clear);
            changed = false;
        }

        /** Counts are whole numbers: written as such, not as 3.0. */
        private static void writeNumber(JsonGenerator out, double value) {
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                out.writeNumber((long) value);
            }
            else {
                out.writeNumber(value);
            }
        }

    }

}
