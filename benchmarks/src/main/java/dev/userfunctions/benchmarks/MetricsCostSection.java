package dev.userfunctions.benchmarks;

import dev.userfunctions.measure.Stats;

import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;
import dev.userfunctions.users.SeedBatch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.userfunctions.benchmarks.Markdown.number;
import static dev.userfunctions.benchmarks.Markdown.ratios;
import static dev.userfunctions.benchmarks.Markdown.table;

/** What writing EMF metrics costs a warm getUser invocation. */
final class MetricsCostSection extends StackSection {

    /** Invocations of each side before the comparison, then rounds of invocations. */
    static final int WARMUP = 3000;

    static final int ROUNDS = 20;

    static final int INVOCATIONS_PER_ROUND = 500;

    MetricsCostSection(Path root, Map<String, String> headlines, EmbeddedStack stack) {
        super(root, headlines, stack);
    }

    @Override
    void measure() throws Exception {
        Path jar = getUserLambdaJar();
        try (Components seed = new Components(stack, "bench_metrics")) {
            SeedBatch.covering("ly", 0, 10).forEach(seed.users::upsertBatch);
        }
        String event = "{\"name\": \"ly1\"}";
        Comparison runtimeLoop = throughTheRuntimeLoop(jar, event);
        Comparison handlerAlone = new Comparison();
        Comparison lineAlone = new Comparison();
        Comparison unwritten = new Comparison();
        handlerAlone(jar, event, handlerAlone, lineAlone, unwritten);
        md.append(
                "A warm getUser hit on `get-user-aws.jar` with metrics on (the cache's events gathered, one EMF document "
                        + "written ")
            .append("per invocation to standard output, a pipe read by another process, as Lambda's log agent "
                    + "reads it) against the same jar with `METRICS_ENABLED=false` (no observer of the events), side by side ")
            .append("in interleaved rounds of 500 invocations after 3,000 of each to warm up, three runs.\n\n")
            .append("- **As Lambda times an invocation**: two environments of the Lambda harness ")
            .append("(functions/local/test-support: Lambda's own runtime loop with the managed java25 runtime's JVM ")
            .append("options, here on whole cores), each fetching its events from the harness's Runtime API emulator, ")
            .append("which times each invocation from the event handed over to the response received.\n")
            .append("- **The handler alone**: `GetUserHandler.handleRequest` called directly, both handlers "
                    + "in one ")
            .append("JVM (`WarmPathProbe`): what the metrics cost the function's own code.\n\n");
        md.append(table(List.of("", "median µs", "metrics off, median µs", "p99 µs", "metrics off, p99 µs", "cost"),
                List.of(runtimeLoop.row("metrics on, as Lambda times it (runtime loop)"),
                        handlerAlone.row("metrics on, the handler alone (GetUserHandler)"),
                        lineAlone.row("metrics off + one line of the same bytes written, the handler alone"),
                        unwritten.row("metrics on, standard output discarded, the handler alone"))));
        md.append(("\n**Metrics cost %+.1f %%** of a warm invocation as Lambda times it (median of the three runs' "
                + "ratios " + "of medians, %s; goal: under 5 %%), %+.1f %% of the handler alone (%s).\n")
            .formatted(runtimeLoop.costPercent(), ratios(runtimeLoop.ratios), handlerAlone.costPercent(),
                    ratios(handlerAlone.ratios)));
        md.append("\nWhat the on side does beyond the off side: the cache's events added up per set of dimension ")
            .append("values (`EmfMetrics`), one EMF document written from them through Jackson's generator, ")
            .append("and one `write` of its bytes to standard output. The third row is that write alone: the off side ")
            .append("writing, after each invocation, one line of the same bytes as an invocation's EMF document, "
                    + "against ")
            .append("the off side (%+.1f %%, %s), the floor of any metrics written per invocation to standard output "
                .formatted(lineAlone.costPercent(), ratios(lineAlone.ratios)))
            .append("(Powertools' included). The row below it is the rest: both sides with standard output ")
            .append("discarded, so that metrics on gathers the events and writes the document to nothing (%+.1f %%, %s). "
                .formatted(unwritten.costPercent(), ratios(unwritten.ratios)))
            .append("Tried and not kept: handing the write to a background thread (its wake-up cost the handler as "
                    + "much as the write).\n");
        headlines.put("metrics",
                ("writing EMF metrics costs %+.1f %% of a warm getUser invocation as Lambda times it, %+.1f %% of "
                        + "the handler alone, where writing one line of the same bytes alone costs %+.1f %%")
                    .formatted(runtimeLoop.costPercent(), handlerAlone.costPercent(), lineAlone.costPercent()));
    }

    private Comparison throughTheRuntimeLoop(Path jar, String event) {
        Comparison comparison = new Comparison();
        try (LambdaEnvironment on = environment(jar, true); LambdaEnvironment off = environment(jar, false)) {
            on.awaitInit();
            off.awaitInit();
            for (int run = 0; run < 3; run++) {
                comparison.add(SideBySide.runTimed("on", () -> micros(on.invoke(event)), "off",
                        () -> micros(off.invoke(event)), run == 0 ? WARMUP : 0, ROUNDS, INVOCATIONS_PER_ROUND));
            }
            long invocations = WARMUP + 3L * ROUNDS * INVOCATIONS_PER_ROUND;
            long onLines = on.linesMatching(MetricsCostSection::isEmf);
            long offLines = off.linesMatching(MetricsCostSection::isEmf);
            if (onLines < invocations || offLines != 0) {
                throw new IllegalStateException("metrics on wrote %d EMF lines for %d invocations, off wrote %d"
                    .formatted(onLines, invocations, offLines));
            }
        }
        return comparison;
    }

    /**
     * getUser in a harness environment on whole cores (two side by side on this machine's
     * two): Lambda's runtime loop, timed by the harness's Runtime API emulator.
     */
    private LambdaEnvironment environment(Path jar, boolean metrics) {
        return LambdaEnvironment.builder(jar, GET_USER_HANDLER)
            .wholeCores()
            .functionName(metrics ? "metrics-on" : "metrics-off")
            .variables(withMetrics(metrics))
            .start();
    }

    private static double micros(Invocation invocation) {
        return invocation.duration().toNanos() / 1000.0;
    }

    private static boolean isEmf(String line) {
        return line.startsWith("{\"_aws\"");
    }

    private void handlerAlone(Path jar, String event, Comparison metrics, Comparison lineAlone, Comparison unwritten)
            throws Exception {
        Path eventFile = Files.createTempFile("event", ".json");
        Files.writeString(eventFile, event);
        for (int run = 0; run < 3; run++) {
            // The probe starts both applications itself, one with metrics and one
            // without.
            String output = runOnLambdaJar(jar, List.of(), WarmPathProbe.class, List.of(eventFile.toString()),
                    environment());
            Matcher result = output.lines()
                .map(WARM_PATH::matcher)
                .filter(Matcher::matches)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the warm-path probe gave no result:\n" + output));
            List<Double> runOn = micros(result.group(1));
            List<Double> runOff = micros(result.group(2));
            long emfLines = output.lines().filter(line -> line.startsWith("{\"_aws\"")).count();
            if (emfLines < 2 * runOn.size()) {
                throw new IllegalStateException(
                        "the probe wrote %d EMF lines for %d calls with metrics on and %d lines alone"
                            .formatted(emfLines, runOn.size(), runOn.size()));
            }
            metrics.add(new SideBySide.Result("on", "off", runOn, runOff));
            lineAlone.add(new SideBySide.Result("line", "off", micros(result.group(3)), micros(result.group(4))));
            unwritten.add(new SideBySide.Result("on", "off", micros(result.group(5)), micros(result.group(6))));
        }
    }

    private static List<Double> micros(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(Double::valueOf).toList();
    }

    private Map<String, String> environment() {
        return Map.of("MONGODB_URI", stack.mongoUri(), "MONGODB_DATABASE", "bench_metrics", "REDIS_NODES",
                stack.redisSeeds());
    }

    private Map<String, String> withMetrics(boolean metrics) {
        Map<String, String> environment = new HashMap<>(environment());
        environment.put("METRICS_ENABLED", String.valueOf(metrics));
        return environment;
    }

    /** Three runs of metrics on against off. */
    private static final class Comparison {

        private final List<Double> ratios = new ArrayList<>();

        private final List<Double> on = new ArrayList<>();

        private final List<Double> off = new ArrayList<>();

        void add(SideBySide.Result run) {
            ratios.add(run.ratio());
            on.addAll(run.aMicros());
            off.addAll(run.bMicros());
        }

        double costPercent() {
            return (Stats.median(ratios) - 1) * 100;
        }

        List<String> row(String name) {
            return List.of(name, number(Stats.median(on)), number(Stats.median(off)), number(Stats.percentile(on, 99)),
                    number(Stats.percentile(off, 99)), "%+.1f %%".formatted(costPercent()));
        }

    }

    private static final Pattern WARM_PATH = Pattern
        .compile("WARM-PATH on=(\\S+) off=(\\S+) line=(\\S+) lineOff=(\\S+) unwrittenOn=(\\S+) unwrittenOff=(\\S+)");

}
