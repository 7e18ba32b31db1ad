package dev.userfunctions.aws.telemetry;

import dev.userfunctions.cache.CacheOutcome;
import dev.userfunctions.cache.lease.CacheEvents;
import dev.userfunctions.users.UserEvents;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The functions' metrics on Lambda, written as CloudWatch Embedded Metric Format (EMF)
 * documents on standard output, where Lambda's log pipeline turns them into metrics
 * without an API call. What the cache, its breakers and the seeds do arrives through
 * their seams ({@link CacheEvents}, {@link UserEvents}), the answers' statuses from
 * {@link InvocationTelemetry}; it is gathered per set of dimension values during an
 * invocation and written at its end, one JSON line per set, nothing when nothing
 * happened.
 *
 * <p>
 * Dimensions are few and never carry request data: the function, and where it matters the
 * cache outcome or the Redis node and breaker state. Written by hand through the
 * application's JSON generator: a maintained EMF library cost a new environment's first
 * answer far more than the 5 % allowed (docs/decisions/emf-library.md).
 */
public final class EmfMetrics implements CacheEvents, UserEvents {

    /** The dimension every metric has: getUser, seedUsers or countUsers. */
    private static final String FUNCTION_DIMENSION = "function";

    /** EMF's limit on the values of one metric in one document. */
    static final int MAX_VALUES = 100;

    private final JsonMapper json;

    private final String namespace;

    /**
     * Where each call's documents are written; reused, under this object's lock.
     */
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

    /**
     * What the invocation did so far, by its dimensions besides the function (name,
     * value, name, value...); kept from one invocation to the next and emptied after
     * each.
     */
    private final Map<List<String>, Values> pending = new LinkedHashMap<>();

    /**
     * Each read outcome's dimensions, made once: a read is on every invocation's path.
     */
    private static final Map<CacheOutcome, List<String>> OUTCOME_DIMENSIONS = new EnumMap<>(CacheOutcome.class);

    static {
        for (CacheOutcome outcome : CacheOutcome.values()) {
            OUTCOME_DIMENSIONS.put(outcome, List.of("outcome", outcome.name()));
        }
    }

    /**
     * @param json writes the documents
     * @param namespace the CloudWatch namespace of the metrics
     */
    public EmfMetrics(JsonMapper json, String namespace) {
        this.json = json;
        this.namespace = namespace;
    }

    /** The names of the metrics written; template.yaml's alarms watch some of them. */
    public static Set<String> metricNames() {
        return Metric.ALL.stream().map(metric -> metric.cloudWatchName).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public synchronized void outcome(CacheOutcome outcome) {
        values(OUTCOME_DIMENSIONS.get(outcome)).add(Metric.CACHE_GETS, 1);
    }

    @Override
    public synchronized void loaded(long nanos) {
        values(List.of()).sample(Metric.MONGODB_LOAD_TIME, nanos / 1e6);
    }

    @Override
    public synchronized void getFailed() {
        count(Metric.REDIS_ERRORS, 1);
    }

    @Override
    public synchronized void setFailed() {
        count(Metric.REDIS_ERRORS, 1);
    }

    @Override
    public synchronized void invalidated(long deleted, int failed) {
        if (failed > 0) {
            count(Metric.INVALIDATION_FAILURES, failed);
            count(Metric.REDIS_ERRORS, 1);
        }
    }

    @Override
    public synchronized void breakerTransitioned(String node, String state) {
        count(Metric.BREAKER_TRANSITIONS, 1, "node", node, "state", state);
    }

    @Override
    public synchronized void upserted(long inserted, long matched) {
        count(Metric.SEEDED_USERS, inserted + matched);
    }

    /** An invocation answered with {@code status}: 503s and 500s are counted. */
    synchronized void answered(int status) {
        if (status == 503) {
            count(Metric.MONGODB_UNAVAILABLE, 1);
        }
        else if (status == 500) {
            count(Metric.INTERNAL_ERRORS, 1);
        }
    }

    private void count(Metric metric, long increase, String... dimensions) {
        if (increase > 0) {
            values(List.of(dimensions)).add(metric, increase);
        }
    }

    private Values values(List<String> dimensions) {
        return pending.computeIfAbsent(dimensions, key -> new Values());
    }

    /**
     * Forgets what happened so far: what the init phase did (SnapStart's priming
     * invocation included) belongs to no invocation, and would otherwise be written with
     * the first one of every restored environment.
     */
    synchronized void discardPending() {
        pending.values().forEach(Values::clear);
    }

    /**
     * Writes the invocation's documents to the standard output of the moment (the Lambda
     * runtime replaces the JVM's), in one write of UTF-8 bytes.
     */
    void publish(String function, String requestId) {
        byte[] bytes = documents(function, requestId, System.currentTimeMillis());
        if (bytes.length > 0) {
            PrintStream out = System.out;
            out.write(bytes, 0, bytes.length);
            out.flush();
        }
    }

    /** The documents {@link #publish} writes, as text: one line each. */
    String lines(String function, String requestId, long timestampMillis) {
        return new String(documents(function, requestId, timestampMillis), StandardCharsets.UTF_8);
    }

    /** The invocation's documents, one line each, and a clean slate for the next one. */
    synchronized byte[] documents(String function, String requestId, long timestampMillis) {
        buffer.reset();
        pending.forEach((dimensions, values) -> {
            if (values.hasSomethingToSay()) {
                List<Metric> metrics = values.metrics();
                try (JsonGenerator out = json.tokenStreamFactory()
                    .createGenerator(ObjectWriteContext.empty(), buffer)) {
                    write(out, function, dimensions, values, metrics, requestId, timestampMillis);
                }
                buffer.write('\n');
                values.clear();
            }
        });
        return buffer.toByteArray();
    }

    private void write(JsonGenerator out, String function, List<String> dimensions, Values values, List<Metric> metrics,
            String requestId, long timestampMillis) {
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
        out.writeStartArray();
        out.writeStartArray();
        out.writeString(FUNCTION_DIMENSION);
        for (int i = 0; i < dimensions.size(); i += 2) {
            out.writeString(dimensions.get(i));
        }
        out.writeEndArray();
        out.writeEndArray();
        out.writeName("Metrics");
        out.writeStartArray();
        for (Metric metric : metrics) {
            out.writeRawValue(metric.definition);
        }
        out.writeEndArray();
        out.writeEndObject();
        out.writeEndArray();
        out.writeEndObject();
        out.writeName(FUNCTION_DIMENSION);
        out.writeString(function);
        for (int i = 0; i < dimensions.size(); i += 2) {
            out.writeName(dimensions.get(i));
            out.writeString(dimensions.get(i + 1));
        }
        values.writeTo(out, metrics);
        if (requestId != null) {
            out.writeName(InvocationTelemetry.REQUEST_ID);
            out.writeString(requestId);
        }
        out.writeEndObject();
    }

    /**
     * One set of dimension values' figures so far: counts summed, durations one value
     * each.
     */
    private static final class Values {

        private final long[] counts = new long[Metric.ALL.size()];

        private final Map<Metric, List<Double>> samples = new EnumMap<>(Metric.class);

        /** Whether anything was added since the last {@link #clear()}. */
        private boolean said;

        void add(Metric metric, long increase) {
            counts[metric.ordinal()] += increase;
            said = true;
        }

        /**
         * One value more, up to {@link #MAX_VALUES}; CloudWatch refuses a document with
         * more.
         */
        void sample(Metric metric, double millis) {
            List<Double> values = samples.computeIfAbsent(metric, key -> new ArrayList<>());
            if (values.size() < MAX_VALUES) {
                values.add(millis);
            }
            said = true;
        }

        boolean hasSomethingToSay() {
            return said;
        }

        /** Whole numbers as such (12, not 12.0). */
        private static void writeNumber(JsonGenerator out, double value) {
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                out.writeNumber((long) value);
            }
            else {
                out.writeNumber(value);
            }
        }

        /** The metrics with something to say, in {@link Metric}'s order. */
        List<Metric> metrics() {
            List<Metric> said = new ArrayList<>(2);
            for (Metric metric : Metric.ALL) {
                if (counts[metric.ordinal()] > 0 || samples.containsKey(metric)) {
                    said.add(metric);
                }
            }
            return said;
        }

        /** A clean slate for the next invocation. */
        void clear() {
            Arrays.fill(counts, 0);
            samples.clear();
            said = false;
        }

        void writeTo(JsonGenerator out, List<Metric> metrics) {
            for (Metric metric : metrics) {
                out.writeName(metric.cloudWatchName);
                List<Double> durations = samples.get(metric);
                if (durations == null) {
                    out.writeNumber(counts[metric.ordinal()]);
                }
                else {
                    out.writeStartArray();
                    for (double duration : durations) {
                        writeNumber(out, duration);
                    }
                    out.writeEndArray();
                }
            }
        }

    }

}
