package dev.userfunctions.benchmarks;

import dev.userfunctions.embedded.EmbeddedStack;
import dev.userfunctions.getuser.lambda.GetUserLambda;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.userfunctions.benchmarks.Markdown.number;
import static dev.userfunctions.benchmarks.Markdown.ratios;
import static dev.userfunctions.benchmarks.Markdown.table;

/** What writing EMF metrics costs a warm getUser invocation. */
final class MetricsCostSection extends StackSection {

    MetricsCostSection(Path root, Map<String, String> headlines, EmbeddedStack stack) {
        super(root, headlines, stack);
    }

    @Override
    void measure() throws Exception {
        Path jar = root.resolve("functions/get-user/target/get-user-aws.jar");
        try (Components seed = new Components(stack, "bench_metrics")) {
            seed.users.upsertRange("ly", 0, 10);
        }
        Path event = Files.createTempFile("event", ".json");
        Files.writeString(event, "{\"name\": \"ly1\"}");
        List<Double> ratios = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            String output = runOnLambdaJar(jar, List.of(), WarmPathProbe.class, List.of(event.toString()),
                    Map.of("MAIN_CLASS", GetUserLambda.class.getName(), "MONGODB_URI", stack.mongoUri(),
                            "MONGODB_DATABASE", "bench_metrics", "REDIS_NODES", stack.redisSeeds()));
            Matcher result = output.lines()
                .map(WARM_PATH::matcher)
                .filter(Matcher::matches)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the warm-path probe gave no result:\n" + output));
            List<Double> runOn = Arrays.stream(result.group(1).split(",")).map(Double::valueOf).toList();
            List<Double> runOff = Arrays.stream(result.group(2).split(",")).map(Double::valueOf).toList();
            long emfLines = output.lines().filter(line -> line.startsWith("{\"_aws\"")).count();
            if (emfLines < runOn.size()) {
                throw new IllegalStateException(
                        "metrics on wrote " + emfLines + " EMF lines for " + runOn.size() + " calls");
            }
            ratios.add(Stats.median(runOn) / Stats.median(runOff));
            on.addAll(runOn);
            off.addAll(runOff);
        }
        double ratio = Stats.median(ratios);
        md.append(
                "A warm getUser hit through `FunctionInvoker` on `get-user-aws.jar` (the Lambda path: event, adapter, ")
            .append("telemetry, function, cache), in a JVM of its own with only the Lambda jar's classpath: metrics on (meters ")
            .append("recorded, one EMF document written per invocation to standard output, a pipe read by another process ")
            .append("as on Lambda) against the same application started beside it with `METRICS_ENABLED=false` (no meter ")
            .append("registry). Three JVMs, each with interleaved rounds of 20 × 500 invocations after 3,000 of each to warm up.\n\n");
        md.append(table(List.of("", "median µs", "p99 µs"),
                List.of(List.of("metrics on (EMF line per invocation)", number(Stats.median(on)),
                        number(Stats.percentile(on, 99))),
                        List.of("metrics off (METRICS_ENABLED=false)", number(Stats.median(off)),
                                number(Stats.percentile(off, 99))))));
        md.append(
                "\n**Metrics cost %+.1f %%** of a warm invocation (median of the three runs' ratios of medians, %s; goal: under 5 %%).\n"
                    .formatted((ratio - 1) * 100, ratios(ratios)));
        headlines.put("metrics",
                "writing EMF metrics costs %+.1f %% of a warm getUser invocation".formatted((ratio - 1) * 100));
    }

    private static final Pattern WARM_PATH = Pattern.compile("WARM-PATH on=(\\S+) off=(\\S+)");

}
