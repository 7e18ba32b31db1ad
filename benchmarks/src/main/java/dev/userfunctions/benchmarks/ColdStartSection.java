package dev.userfunctions.benchmarks;

import dev.userfunctions.benchmarks.minimal.MinimalLambda;
import dev.userfunctions.embedded.EmbeddedStack;
import dev.userfunctions.getuser.lambda.GetUserLambda;
import dev.userfunctions.harness.MotoServer;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.userfunctions.benchmarks.Markdown.number;
import static dev.userfunctions.benchmarks.Markdown.table;

/**
 * A fresh JVM to the first getUser answer, against the minimal function, and where it
 * goes.
 */
final class ColdStartSection extends StackSection {

    ColdStartSection(Path root, Map<String, String> headlines, EmbeddedStack stack) {
        super(root, headlines, stack);
    }

    record ColdStartVariant(String name, String mainClass, String event, List<String> jvmOptions,
            Map<String, String> environment) {
    }

    @Override
    void measure() throws Exception {
        Path jar = getUserLambdaJar();
        try (Components seed = new Components(stack, "bench_cold")) {
            seed.users.upsertRange("ly", 0, 10);
        }
        Path event = Files.createTempFile("event", ".json");
        Files.writeString(event, "{\"name\": \"ly1\"}");
        Path minimalEvent = Files.createTempFile("event", ".json");
        Files.writeString(minimalEvent, "\"hello\"");
        Path archive = root.resolve("benchmarks/target/get-user-cds.jsa");
        Files.deleteIfExists(archive);
        String getUser = GetUserLambda.class.getName();
        // One training run writes the class-data-sharing archive that the CDS variants
        // map at start-up.
        runProbe(stack, jar, new ColdStartVariant("training", getUser, event.toString(),
                List.of("-XX:ArchiveClassesAtExit=" + archive), Map.of()));
        List<ColdStartVariant> variants = new ArrayList<>(List.of(
                new ColdStartVariant("minimal function (echo), same stack", MinimalLambda.class.getName(),
                        minimalEvent.toString(), List.of(), Map.of()),
                new ColdStartVariant("getUser", getUser, event.toString(), List.of(), Map.of()),
                new ColdStartVariant("getUser, C1 only (-XX:TieredStopAtLevel=1)", getUser, event.toString(),
                        List.of("-XX:TieredStopAtLevel=1"), Map.of()),
                new ColdStartVariant("getUser, AppCDS archive", getUser, event.toString(),
                        List.of("-XX:SharedArchiveFile=" + archive), Map.of()),
                new ColdStartVariant("getUser, AppCDS + C1 only", getUser, event.toString(),
                        List.of("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1"), Map.of()),
                new ColdStartVariant("getUser, lazy bean initialisation", getUser, event.toString(), List.of(),
                        Map.of("SPRING_MAIN_LAZY_INITIALIZATION", "true"))));
        try (MotoServer moto = MotoServer.available()
                ? MotoServer.start(root.resolve("benchmarks/target/moto-cold-start.log")) : null) {
            if (moto != null) {
                variants.add(new ColdStartVariant(SECRETS_VARIANT, getUser, event.toString(), List.of(),
                        secretsManagerVariables(moto)));
            }
            measure(jar, variants, moto != null);
        }
    }

    private static final String SECRETS_VARIANT = "getUser, URI from AWS Secrets Manager (moto's server, local)";

    /**
     * The MongoDB URI in a secret on moto, and the variables that make getUser read it.
     */
    private Map<String, String> secretsManagerVariables(MotoServer moto) {
        try (SecretsManagerClient secrets = moto.secretsManager()) {
            String arn = secrets.createSecret(
                    request -> request.name("bench/mongodb").secretString("{\"uri\": \"" + stack.mongoUri() + "\"}"))
                .arn();
            return Map.of("SECRETS_MONGODB_ARN", arn, "AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.endpoint(),
                    "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", "us-east-1");
        }
    }

    private void measure(Path jar, List<ColdStartVariant> variants, boolean withSecrets)
            throws IOException, InterruptedException {
        Map<String, List<Double>> totals = new LinkedHashMap<>();
        Map<String, List<Double>> inits = new LinkedHashMap<>();
        Map<String, List<Double>> classes = new LinkedHashMap<>();
        int runs = 5;
        for (int run = 0; run < runs; run++) {
            for (ColdStartVariant variant : variants) {
                ColdStart probe = runProbe(stack, jar, variant);
                totals.computeIfAbsent(variant.name(), k -> new ArrayList<>()).add((double) probe.totalMillis());
                inits.computeIfAbsent(variant.name(), k -> new ArrayList<>()).add((double) probe.initMillis());
                classes.computeIfAbsent(variant.name(), k -> new ArrayList<>()).add((double) probe.classes());
            }
        }
        double baseline = Stats.median(totals.get("getUser"));
        md.append("A fresh JVM (JDK ")
            .append(System.getProperty("java.version"))
            .append(") to the first answer through `FunctionInvoker` on ")
            .append("`get-user-aws.jar` (Spring context, MongoDB client and Redis Cluster connection included), ")
            .append(runs)
            .append(" runs per variant, variants interleaved run by run. The minimal function is an echo "
                    + "`Function<String, String>` on the same jar and stack.\n\n");
        List<List<String>> rows = new ArrayList<>();
        totals.forEach((name,
                values) -> rows.add(List.of(name, number(Stats.median(values)),
                        "%.2f×".formatted(Stats.median(values) / baseline), number(Stats.median(inits.get(name))),
                        number(Stats.median(values) - Stats.median(inits.get(name))),
                        "%,.0f".formatted(Stats.median(classes.get(name))),
                        values.stream().map(v -> "%.0f".formatted(v)).toList().toString())));
        md.append(table(List.of("variant", "median ms", "vs getUser", "init ms", "first answer ms", "classes loaded",
                "runs ms"), rows));
        double minimal = Stats.median(totals.get("minimal function (echo), same stack"));
        md.append(("\n**getUser / minimal function: %.2f×** (goal: 1.2×). Where the difference goes: getUser loads "
                + "%,.0f more "
                + "classes than the minimal function (Lettuce, Netty and Reactor, the MongoDB driver and "
                + "Spring Data's mapping, "
                + "Resilience4j, Micrometer), and class loading and their first, interpreted runs are "
                + "most of a cold start on " + "this jar (a JFR recording of the probes, "
                + "`JAVA_TOOL_OPTIONS=-XX:StartFlightRecording=filename=/tmp/jfr/,"
                + "settings=profile benchmarks/run.sh 5`, spends the main thread in bean creation and "
                + "the context refresh, the "
                + "Redis connection's thread in Lettuce and Netty). The Redis Cluster connection is made "
                + "beside the context "
                + "refresh, not before it (the first caller waits for what is left); with 2 cores that "
                + "overlaps, but a Lambda "
                + "below 1,769 MB has less than one vCPU, where threads do not shorten CPU-bound "
                + "start-up work. What does "
                + "shorten it is in the table: class-data sharing, which maps those classes instead of "
                + "loading them, and C1.\n")
            .formatted(baseline / minimal, Stats.median(classes.get("getUser"))
                    - Stats.median(classes.get("minimal function (echo), same stack"))));
        md.append(withSecrets
                ? ("\nReading the MongoDB URI from AWS Secrets Manager in the init phase (the AWS SDK's "
                        + "client, its credentials chain and one `GetSecretValue`, here against moto's server on this "
                        + "machine, so "
                        + "without the network's round trip) costs **%s ms** of the first answer (%s ms of init).\n")
                    .formatted(number(Stats.median(totals.get(SECRETS_VARIANT)) - baseline),
                            number(Stats.median(inits.get(SECRETS_VARIANT)) - Stats.median(inits.get("getUser"))))
                : "\nThe Secrets Manager variant was not run: python3 cannot run moto's server here.\n");
        md.append("""

                On Lambda the same levers are: `JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1` (set in
                template.yaml), SnapStart (the
                `EnableSnapStart` parameter; it replaces the init phase by a snapshot restore, not measurable
                here), and a CDS archive
                shipped in the deployment package. Lazy initialisation moves client creation into the first
                request, which is why it
                does not help a function whose first request needs the clients anyway.
                """);
        headlines.put("cold start", "getUser %.1f s median to its first answer, the minimal function %.1f s (%.2f×)"
            .formatted(baseline / 1000, minimal / 1000, baseline / minimal));
        beanBreakdown(stack, jar, variants.get(1), variants.get(0));
    }

    /**
     * Where the context refresh goes: Spring's start-up steps recorded
     * ({@code BufferingApplicationStartup}) in separate runs, since recording costs time
     * too.
     */
    private void beanBreakdown(EmbeddedStack stack, Path jar, ColdStartVariant getUser, ColdStartVariant minimal)
            throws IOException, InterruptedException {
        List<String> recording = List.of("-D" + ColdStartProbe.BEANS_PROPERTY + "=true");
        Map<String, List<Double>> getUserBeans = new LinkedHashMap<>();
        Map<String, List<Double>> minimalBeans = new LinkedHashMap<>();
        int runs = 3;
        for (int run = 0; run < runs; run++) {
            for (var variant : List.of(Map.entry(getUser, getUserBeans), Map.entry(minimal, minimalBeans))) {
                ColdStartVariant recorded = new ColdStartVariant(variant.getKey().name(), variant.getKey().mainClass(),
                        variant.getKey().event(), recording, variant.getKey().environment());
                Map<String, Double> beans = runProbe(stack, jar, recorded).beanMillis();
                beans.forEach((bean,
                        millis) -> variant.getValue().computeIfAbsent(bean, name -> new ArrayList<>()).add(millis));
                variant.getValue()
                    .computeIfAbsent("all beans", name -> new ArrayList<>())
                    .add(beans.values().stream().mapToDouble(Double::doubleValue).sum());
            }
        }
        List<List<String>> rows = new ArrayList<>();
        getUserBeans.entrySet()
            .stream()
            .sorted(Comparator.comparingDouble((Map.Entry<String, List<Double>> bean) -> Stats.median(bean.getValue()))
                .reversed())
            .limit(16)
            .forEach(bean -> rows.add(List.of("`" + bean.getKey() + "`", number(Stats.median(bean.getValue())),
                    minimalBeans.containsKey(bean.getKey()) ? number(Stats.median(minimalBeans.get(bean.getKey())))
                            : "—")));
        md.append("\nWhere getUser's context refresh goes: Spring's start-up steps recorded with ")
            .append("`BufferingApplicationStartup` in ")
            .append(runs)
            .append(" more runs of each (recording slows start-up, so these runs are not in the table above); ")
            .append("each bean's creation in ms without the beans it created on the way, medians, the slowest "
                    + "first:\n\n")
            .append(table(List.of("bean", "getUser ms", "minimal function ms"), rows))
            .append("""

                    `userCache` creates the Lettuce client and its Netty resources (the connection itself is made on
                    another
                    thread, beside the refresh); `mongoDatabaseFactory` creates the MongoDB driver's client;
                    `mongoTemplate`
                    Spring Data's mapping. The times are wall time on the main thread, so they include waiting for the
                    CPU and
                    the jar while the Redis connection's thread loads its classes at the same time; "all beans" is their
                    sum, the rest of a cold start being the JVM, Boot before the refresh and the first answer.
                    """);
    }

    private static final Pattern COLD_START = Pattern
        .compile("COLD-START total=(\\d+) init=(\\d+) classes=(\\d+) answer=(.*)");

    private ColdStart runProbe(EmbeddedStack stack, Path jar, ColdStartVariant variant)
            throws IOException, InterruptedException {
        Map<String, String> environment = new LinkedHashMap<>(Map.of("MAIN_CLASS", variant.mainClass(), "MONGODB_URI",
                stack.mongoUri(), "MONGODB_DATABASE", "bench_cold", "REDIS_NODES", stack.redisSeeds()));
        environment.putAll(variant.environment());
        String output = runOnLambdaJar(jar, variant.jvmOptions(), ColdStartProbe.class, List.of(variant.event()),
                environment);
        Matcher result = output.lines()
            .map(COLD_START::matcher)
            .filter(Matcher::matches)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException(variant.name() + " gave no result:\n" + output));
        if (!result.group(4).contains("200") && !result.group(4).contains("hello")) {
            throw new IllegalStateException(variant.name() + " answered " + result.group(4));
        }
        Map<String, Double> beans = new LinkedHashMap<>();
        output.lines()
            .filter(line -> line.startsWith("COLD-START-BEAN "))
            .map(line -> line.split(" "))
            .forEach(fields -> beans.merge(fields[1], Double.parseDouble(fields[2]), Double::sum));
        return new ColdStart(Long.parseLong(result.group(1)), Long.parseLong(result.group(2)),
                Long.parseLong(result.group(3)), beans);
    }

    /**
     * What a cold-start probe reported: ms to its first answer, ms to the end of init,
     * classes loaded, and the ms each bean's creation took without its dependencies (when
     * asked for).
     */
    record ColdStart(long totalMillis, long initMillis, long classes, Map<String, Double> beanMillis) {
    }

}
