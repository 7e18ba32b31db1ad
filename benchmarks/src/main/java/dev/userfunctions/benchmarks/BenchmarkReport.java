package dev.userfunctions.benchmarks;

import com.mongodb.client.MongoCollection;
import dev.userfunctions.benchmarks.minimal.MinimalLambda;
import dev.userfunctions.cache.BreakerBenchmark;
import dev.userfunctions.cache.CacheAside;
import dev.userfunctions.cache.CacheResult;
import dev.userfunctions.cache.CacheSettings;
import dev.userfunctions.cache.JsonValueCodec;
import dev.userfunctions.cache.ValueCodec;
import dev.userfunctions.embedded.EmbeddedStack;
import dev.userfunctions.embedded.Pause;
import dev.userfunctions.getuser.GetUserFunction;
import dev.userfunctions.getuser.lambda.GetUserLambda;
import dev.userfunctions.seedusers.SeedUsersFunction;
import dev.userfunctions.users.User;
import dev.userfunctions.users.UserCacheKeys;
import dev.userfunctions.users.UserRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import dev.userfunctions.aws.LambdaInvocations;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs every comparison side by side on the embedded stack and writes docs/BENCHMARKS.md
 * (and its charts). Run with {@code benchmarks/run.sh}; the argument is the repository
 * root.
 */
public final class BenchmarkReport {

    static final String COMMAND = "benchmarks/run.sh";

    /**
     * Calls of each operation before a steady-state comparison: enough for the JIT to
     * finish (with fewer, the first comparison of a run measured compilation, not code).
     */
    static final int STEADY_STATE_WARMUP = 20_000;

    private final Path root;

    private final Path docs;

    private final StringBuilder md = new StringBuilder();

    private final Map<String, String> headlines = new LinkedHashMap<>();

    /**
     * Section numbers to run (their titles' first word, "drill" for the drill); empty:
     * all, and write the report.
     */
    private final Set<String> only;

    private BenchmarkReport(Path root, Set<String> only) {
        this.root = root;
        this.docs = root.resolve("docs");
        this.only = only;
    }

    /**
     * Arguments: the repository root, then optionally the sections to run (printed only,
     * the report is not written).
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Set<String> only = args.length > 1 ? Set.of(Arrays.copyOfRange(args, 1, args.length)) : Set.of();
        new BenchmarkReport(root, only).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(docs);
        try (EmbeddedStack stack = EmbeddedStack.start()) {
            section("1. Cache overhead", () -> cacheOverhead(stack));
            section("2. Against Spring's cache abstraction", () -> springCache(stack));
            section("4. Connection reuse", () -> connectionReuse(stack));
            section("5. Cold start", () -> coldStart(stack));
            section("6. Seeding", () -> seeding(stack));
            section("7. Stampede", () -> stampede(stack));
            section("8. What the leases cost", () -> leaseCost(stack));
            section("10. What the metrics cost", () -> metricsCost(stack));
        }
        section("9. The circuit breaker", this::breakerCost);
        section("3. HTTP", this::http);
        section("Fault drill: a Redis master killed", this::drill);
        section("Fault drill: connections that die silently", this::deadSocketsDrill);
        if (only.isEmpty()) {
            write();
        }
        else {
            sections.forEach((title, text) -> System.out.println("## " + title + "\n\n" + text));
            System.out.println("Headlines: " + headlines);
        }
    }

    interface Body {

        void run() throws Exception;

    }

    private final Map<String, String> sections = new LinkedHashMap<>();

    private void section(String title, Body body) {
        if (!only.isEmpty() && !only.contains(title.split("[. ]")[0])
                && !(title.startsWith("Fault drill") && only.contains("drill"))) {
            return;
        }
        md.setLength(0);
        System.out.println("== " + title);
        try {
            body.run();
        }
        catch (Exception e) {
            md.append("Not measured in this run: ").append(e).append("\n");
            e.printStackTrace();
        }
        sections.put(title, md.toString());
    }

    // ---- 1 ----
    private void cacheOverhead(EmbeddedStack stack) {
        try (Components c = new Components(stack, "bench_overhead")) {
            c.users.upsertRange("ly", 0, 100);
            GetUserFunction getUser = new GetUserFunction(c.users, c.cache);
            Message<String> request = MessageBuilder.withPayload("ly1").build();
            getUser.apply(request);
            String key = UserCacheKeys.byName("ly1");
            var sync = c.redis.current().orElseThrow().sync();
            List<SideBySide.Result> runs = SideBySide.repeat(3, "getUser, hit", () -> getUser.apply(request),
                    "raw Lettuce GET, same key and connection", () -> sync.get(key), STEADY_STATE_WARMUP, 20, 500);
            SideBySide.Result r = SideBySide.pooled(runs);
            double ratio = SideBySide.medianRatio(runs);
            md.append(
                    "getUser's whole hit path (validation, key, GET, JSON decode, answer message) against a bare `GET` of the same key ")
                .append("on the same Lettuce cluster connection, single caller, after %,d calls of each to reach the JIT's steady state; "
                    .formatted(STEADY_STATE_WARMUP))
                .append("three runs of interleaved rounds (20 × 500 calls each).\n\n");
            md.append(table(List.of("", "median µs", "p99 µs"),
                    List.of(List.of(r.a(), f(r.aMedian()), f(Stats.percentile(r.aMicros(), 99))),
                            List.of(r.b(), f(r.bMedian()), f(Stats.percentile(r.bMicros(), 99))))));
            md.append(
                    "\n**Ratio of medians: %.2f×** (median of the runs' ratios %s; the cache's own work is %.0f µs per hit on top of the round trip).\n"
                        .formatted(ratio, ratios(runs.stream().map(SideBySide.Result::ratio).toList()),
                                r.aMedian() - r.bMedian()));
            md.append(
                    "\nA JFR profile of the hit loop (`JAVA_TOOL_OPTIONS=-XX:StartFlightRecording=filename=/tmp/jfr/,settings=profile ")
                .append("benchmarks/run.sh 1`) puts the CPU time of a hit in the Lettuce dispatch and the sync API's proxy (about half), ")
                .append("Jackson reading the user (a quarter, with a prepared `ObjectReader`), and Resilience4j's success event (a sixth); ")
                .append("validation, the key and the answer message are each under a microsecond. Most of a hit is waiting for Redis.\n");
            headlines.put("cache overhead", "a getUser hit costs %.2f× a raw Lettuce GET".formatted(ratio));
        }
    }

    // ---- 2 ----
    private void springCache(EmbeddedStack stack) {
        try (Components c = new Components(stack, "bench_spring");
                SpringCacheComparison spring = new SpringCacheComparison(stack.redisSeeds(), c.users)) {
            c.users.upsertRange("ly", 0, 100);
            SpringCacheComparison.CachedLookup lookup = spring.lookup();
            var springCache = spring.cacheManager().getCache("spring-users");
            AtomicInteger i = new AtomicInteger();
            Runnable ours = () -> {
                String name = "ly" + (i.incrementAndGet() % 100);
                c.cache.user(name, () -> c.users.findByName(name));
            };
            Runnable theirs = () -> {
                String name = "ly" + (i.incrementAndGet() % 100);
                lookup.findByName(name);
            };
            List<SideBySide.Result> hitRuns = SideBySide.repeat(3, "ours", ours, "@Cacheable + RedisCacheManager",
                    theirs, STEADY_STATE_WARMUP, 20, 500);
            var redis = c.redis.current().orElseThrow().sync();
            Runnable oursMiss = () -> {
                String name = "ly" + (i.incrementAndGet() % 100);
                redis.del(UserCacheKeys.byName(name));
                c.cache.user(name, () -> c.users.findByName(name));
            };
            Runnable theirsMiss = () -> {
                String name = "ly" + (i.incrementAndGet() % 100);
                // evict may be deferred (spring-data-redis returns without waiting for
                // the DEL):
                // evictIfPresent deletes now, as ours does.
                springCache.evictIfPresent(name);
                lookup.findByName(name);
            };
            List<SideBySide.Result> missRuns = SideBySide.repeat(3, "ours", oursMiss, "@Cacheable + RedisCacheManager",
                    theirsMiss, 2000, 10, 200);
            SideBySide.Result hits = SideBySide.pooled(hitRuns);
            SideBySide.Result misses = SideBySide.pooled(missRuns);
            double hitRatio = 1 / SideBySide.medianRatio(hitRuns);
            double missRatio = 1 / SideBySide.medianRatio(missRuns);
            md.append(
                    "The same lookups through our cache-aside component and through Spring's cache abstraction (`@Cacheable` over ")
                .append("`RedisCacheManager` on spring-data-redis with Lettuce in cluster mode, 300 s TTL, 250 ms command timeout, JSON values) ")
                .append("on the same Redis Cluster and MongoDB. Hits: 100 cached users in turn. Misses: each call first deletes the entry ")
                .append("(a `DEL` of our key, Spring's `evictIfPresent`: its `evict` returns before the `DEL` is done, 4 µs instead ")
                .append("of a round trip, which made Spring's misses look a round trip cheaper in the previous runs), then reads it: ")
                .append("Spring's is GET + MongoDB + SET, ours GET + SET NX (the ")
                .append("lease) + MongoDB + the compare-and-set write-back, which the answer does not wait for. Three runs of interleaved ")
                .append("rounds each; the ratio is the median of the runs' ratios of medians.\n\n");
            md.append(table(List.of("workload", "ours, median µs", "Spring, median µs", "Spring / ours"), List.of(
                    List.of("hit", f(hits.aMedian()), f(hits.bMedian()),
                            "%.2f× (runs %s)".formatted(hitRatio,
                                    ratios(hitRuns.stream().map(run -> 1 / run.ratio()).toList()))),
                    List.of("miss", f(misses.aMedian()), f(misses.bMedian()), "%.2f× (runs %s)".formatted(missRatio,
                            ratios(missRuns.stream().map(run -> 1 / run.ratio()).toList()))))));
            md.append(
                    """

                            What the numbers do not show: Spring's recipe with typed JSON values cannot cache "not found" (it must skip null results),
                            has no single-flight, no fail-open bypass (a Redis failure is an exception in the caller unless a `CacheErrorHandler` is
                            written), and its keys are the raw argument, so a caller's `{…}` picks the slot.
                            """);
            headlines.put("vs Spring cache",
                    "Spring @Cacheable takes %.2f× our time on hits, %.2f× on misses".formatted(hitRatio, missRatio));
        }
    }

    // ---- 4 ----
    private void connectionReuse(EmbeddedStack stack) throws IOException {
        try (Components seed = new Components(stack, "bench_reuse")) {
            seed.users.upsertRange("ly", 0, 10);
        }
        System.setProperty("MAIN_CLASS", GetUserLambda.class.getName());
        System.setProperty("mongodb.uri", stack.mongoUri());
        System.setProperty("mongodb.database", "bench_reuse");
        System.setProperty("redis.nodes", stack.redisSeeds());
        FunctionInvoker invoker = new FunctionInvoker();
        byte[] event = "{\"name\": \"ly1\"}".getBytes(StandardCharsets.UTF_8);
        Runnable warm = () -> invoke(invoker, event);
        Runnable fresh = () -> {
            try (Components c = new Components(stack, "bench_reuse")) {
                new GetUserFunction(c.users, c.cache).apply(MessageBuilder.withPayload("ly1").build());
            }
        };
        SideBySide.Result r = SideBySide.run("one invoker, warm", warm, "clients built per invocation", fresh, 5, 6,
                10);
        md.append(
                "getUser invocations through one `FunctionInvoker` whose clients were built in the init phase, against building the ")
            .append("Redis Cluster connection and the MongoDB client for every invocation and closing them after (the replaced app's way). ")
            .append("Interleaved rounds, 60 calls each.\n\n");
        md.append(table(List.of("", "median ms", "p99 ms"),
                List.of(List.of(r.a(), f(r.aMedian() / 1000), f(Stats.percentile(r.aMicros(), 99) / 1000)),
                        List.of(r.b(), f(r.bMedian() / 1000), f(Stats.percentile(r.bMicros(), 99) / 1000)))));
        md.append(
                "\n**Building clients per invocation is %.0f× slower** (medians); connection counts for 1,000 invocations are in the README (ConnectionReuseIT).\n"
                    .formatted(1 / r.ratio()));
        headlines.put("connection reuse",
                "per-invocation clients are %.0f× slower than reused ones".formatted(1 / r.ratio()));
    }

    private static void invoke(FunctionInvoker invoker, byte[] event) {
        try {
            invoker.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(),
                    new LambdaInvocations.FakeContext());
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- 10 ----
    private void metricsCost(EmbeddedStack stack) throws Exception {
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
        md.append(table(List.of("", "median µs", "p99 µs"), List.of(
                List.of("metrics on (EMF line per invocation)", f(Stats.median(on)), f(Stats.percentile(on, 99))),
                List.of("metrics off (METRICS_ENABLED=false)", f(Stats.median(off)), f(Stats.percentile(off, 99))))));
        md.append(
                "\n**Metrics cost %+.1f %%** of a warm invocation (median of the three runs' ratios of medians, %s; goal: under 5 %%).\n"
                    .formatted((ratio - 1) * 100, ratios(ratios)));
        headlines.put("metrics",
                "writing EMF metrics costs %+.1f %% of a warm getUser invocation".formatted((ratio - 1) * 100));
    }

    /**
     * What a probe runs on: the Lambda jar, the benchmarks' own jar, and the tests'
     * Lambda context (a request id per invocation). Jars only: class data sharing ignores
     * classes loaded from directories.
     */
    private String probeClasspath(Path lambdaJar) throws IOException {
        try {
            Path tests = Path.of(LambdaInvocations.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return String.join(File.pathSeparator, lambdaJar.toString(),
                    root.resolve("benchmarks/target/benchmarks.jar").toString(), tests.toString());
        }
        catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static final Pattern WARM_PATH = Pattern.compile("WARM-PATH on=(\\S+) off=(\\S+)");

    /**
     * Runs {@code main} of the benchmarks' jar in a fresh JVM on {@code lambdaJar}'s
     * classpath, with {@code environment}; its output.
     */
    private String runOnLambdaJar(Path lambdaJar, List<String> jvmOptions, Class<?> main, List<String> arguments,
            Map<String, String> environment) throws IOException, InterruptedException {
        if (!Files.exists(lambdaJar)) {
            throw new IllegalStateException("build the Lambda jar first: ./mvnw -B -DskipTests package");
        }
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", probeClasspath(lambdaJar), main.getName()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(main.getSimpleName() + " did not finish");
        }
        return output;
    }

    // ---- 5 ----
    record ColdStartVariant(String name, String mainClass, String event, List<String> jvmOptions,
            Map<String, String> environment) {
    }

    private void coldStart(EmbeddedStack stack) throws Exception {
        Path jar = root.resolve("functions/get-user/target/get-user-aws.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the Lambda jar first: ./mvnw -B -DskipTests package");
        }
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
        List<ColdStartVariant> variants = List.of(
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
                        Map.of("SPRING_MAIN_LAZY_INITIALIZATION", "true")));
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
            .append(" runs per variant, variants interleaved run by run. The minimal function is an echo `Function<String, String>` on the same jar and stack.\n\n");
        List<List<String>> rows = new ArrayList<>();
        totals.forEach((name, values) -> rows
            .add(List.of(name, f(Stats.median(values)), "%.2f×".formatted(Stats.median(values) / baseline),
                    f(Stats.median(inits.get(name))), f(Stats.median(values) - Stats.median(inits.get(name))),
                    "%,.0f".formatted(Stats.median(classes.get(name))),
                    values.stream().map(v -> "%.0f".formatted(v)).toList().toString())));
        md.append(table(List.of("variant", "median ms", "vs getUser", "init ms", "first answer ms", "classes loaded",
                "runs ms"), rows));
        double minimal = Stats.median(totals.get("minimal function (echo), same stack"));
        md.append(
                ("\n**getUser / minimal function: %.2f×** (goal: 1.2×). Where the difference goes: getUser loads %,.0f more "
                        + "classes than the minimal function (Lettuce, Netty and Reactor, the MongoDB driver and Spring Data's mapping, "
                        + "Resilience4j, Micrometer), and class loading and their first, interpreted runs are most of a cold start on "
                        + "this jar (a JFR recording of the probes, `JAVA_TOOL_OPTIONS=-XX:StartFlightRecording=filename=/tmp/jfr/,"
                        + "settings=profile benchmarks/run.sh 5`, spends the main thread in bean creation and the context refresh, the "
                        + "Redis connection's thread in Lettuce and Netty). The Redis Cluster connection is made beside the context "
                        + "refresh, not before it (the first caller waits for what is left); with 2 cores that overlaps, but a Lambda "
                        + "below 1,769 MB has less than one vCPU, where threads do not shorten CPU-bound start-up work. What does "
                        + "shorten it is in the table: class-data sharing, which maps those classes instead of loading them, and C1.\n")
                    .formatted(baseline / minimal, Stats.median(classes.get("getUser"))
                            - Stats.median(classes.get("minimal function (echo), same stack"))));
        md.append(
                """

                        On Lambda the same levers are: `JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1` (set in template.yaml), SnapStart (the
                        `EnableSnapStart` parameter; it replaces the init phase by a snapshot restore, not measurable here), and a CDS archive
                        shipped in the deployment package. Lazy initialisation moves client creation into the first request, which is why it
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
            .forEach(bean -> rows.add(List.of("`" + bean.getKey() + "`", f(Stats.median(bean.getValue())),
                    minimalBeans.containsKey(bean.getKey()) ? f(Stats.median(minimalBeans.get(bean.getKey()))) : "—")));
        md.append("\nWhere getUser's context refresh goes: Spring's start-up steps recorded with ")
            .append("`BufferingApplicationStartup` in ")
            .append(runs)
            .append(" more runs of each (recording slows start-up, so these runs are not in the table above); ")
            .append("each bean's creation in ms without the beans it created on the way, medians, the slowest first:\n\n")
            .append(table(List.of("bean", "getUser ms", "minimal function ms"), rows))
            .append("""

                    `userCache` creates the Lettuce client and its Netty resources (the connection itself is made on another
                    thread, beside the refresh); `mongoDatabaseFactory` creates the MongoDB driver's client; `mongoTemplate`
                    Spring Data's mapping. The times are wall time on the main thread, so they include waiting for the CPU and
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

    // ---- 6 ----
    private void seeding(EmbeddedStack stack) {
        List<List<String>> rows = new ArrayList<>();
        for (int count : List.of(10_000, 100_000)) {
            rows.add(seedingRow(stack, "no network (in-JVM MongoDB)", stack.mongoUri(), count, "seeding " + count));
        }
        URI mongo = URI.create(stack.mongoUri());
        for (Duration roundTrip : List.of(Duration.ofMillis(2), Duration.ofNanos(500_000))) {
            try (DelayingProxy proxy = DelayingProxy.start(roundTrip, mongo.getHost(), mongo.getPort())) {
                String rtt = "%s ms round trip".formatted(roundTrip.toNanos() / 1e6);
                rows.add(seedingRow(stack, rtt, "mongodb://127.0.0.1:" + proxy.port(), 10_000,
                        "seeding 10000 at " + rtt));
            }
        }
        md.append(
                "seedUsers (unordered bulk upserts keyed by name, batches of 1,000, then invalidation of every name and the count) against ")
            .append("inserting the users one `insertOne` at a time as the original app did, into empty databases of the embedded MongoDB. One run each. ")
            .append("Both databases get a unique index on `name` first: it stands in for the hashed shard-key index a real cluster has, which ")
            .append("mongo-java-server cannot build (it ignores non-unique secondary indexes, and without one every upsert scans the collection, ")
            .append("which makes 100,000 upserts quadratic). The embedded MongoDB answers in microseconds; the last rows put it behind a TCP ")
            .append("proxy that delays every chunk by half a round trip each way (`DelayingProxy`), as a cluster in the same availability zone ")
            .append("(0.5 ms) or across zones (2 ms) would be.\n\n");
        md.append(table(List.of("network", "users", "seedUsers ms", "one at a time ms", "speed-up"), rows));
        md.append(
                "\nseedUsers also does more: it is idempotent (upserts) and deletes the stale cache entries. One at a time pays a ")
            .append("round trip per user; seedUsers one per 1,000 (and one per slot group for the invalidation), so with a network ")
            .append("its time is mostly mongo-java-server's own work on each batch, which is the floor these rows show.\n");
    }

    private List<String> seedingRow(EmbeddedStack stack, String network, String mongoUri, int count, String headline) {
        String database = "bench_seed_" + Math.abs((network + count).hashCode());
        double bulk;
        double oneByOne;
        try (Components c = new Components(stack, mongoUri, database + "_bulk", true,
                template -> new UserRepository(template, new SimpleMeterRegistry()))) {
            c.template.getDb().drop();
            indexNames(c);
            SeedUsersFunction seedUsers = new SeedUsersFunction(c.users, c.cache);
            long start = System.nanoTime();
            int status = (Integer) seedUsers
                .apply(MessageBuilder.withPayload(("{\"count\": " + count + "}").getBytes(StandardCharsets.UTF_8))
                    .build())
                .getHeaders()
                .get("statusCode");
            bulk = (System.nanoTime() - start) / 1e6;
            if (status != 200 || c.users.count().total() != count) {
                throw new IllegalStateException("seedUsers did not seed " + count);
            }
            c.template.getDb().drop();
        }
        try (Components c = new Components(stack, mongoUri, database + "_one", true,
                template -> new UserRepository(template, new SimpleMeterRegistry()))) {
            c.template.getDb().drop();
            indexNames(c);
            MongoCollection<Document> collection = c.template.getCollection("users");
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                collection.insertOne(new Document("name", "ly" + i).append("age", i));
            }
            oneByOne = (System.nanoTime() - start) / 1e6;
            c.template.getDb().drop();
        }
        headlines.put(headline, "seedUsers is %.1f× faster than one insert at a time".formatted(oneByOne / bulk));
        return List.of(network, "%,d".formatted(count), f(bulk), f(oneByOne), "%.1f×".formatted(oneByOne / bulk));
    }

    private static void indexNames(Components c) {
        c.template.getCollection("users")
            .createIndex(new Document("name", 1),
                    new com.mongodb.client.model.IndexOptions().unique(true).name("name_unique"));
    }

    // ---- 7 ----
    private void stampede(EmbeddedStack stack) throws Exception {
        int callers = 50;
        int keys = 20;
        Map<Boolean, List<Integer>> loadsPerKey = new LinkedHashMap<>();
        Map<Boolean, List<Double>> latencies = new LinkedHashMap<>();
        for (boolean singleFlight : new boolean[] { true, false }) {
            loadsPerKey.put(singleFlight, new ArrayList<>());
            latencies.put(singleFlight, new ArrayList<>());
        }
        AtomicInteger loads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try (Components on = new Components(stack, "bench_stampede", true,
                template -> new SlowRepository(template, loads));
                Components off = new Components(stack, "bench_stampede", false,
                        template -> new SlowRepository(template, loads))) {
            on.users.upsertRange("cold", 0, keys);
            // Key -1 and -2 warm up threads, JIT and connections; they are not counted.
            for (int k = -2; k < keys; k++) {
                for (boolean singleFlight : new boolean[] { k % 2 == 0, k % 2 != 0 }) {
                    Components c = singleFlight ? on : off;
                    String name = "cold" + Math.max(k, 0);
                    c.cache.invalidate(List.of(name));
                    loads.set(0);
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Double>> calls = new ArrayList<>();
                    for (int i = 0; i < callers; i++) {
                        calls.add(pool.submit(() -> {
                            go.await();
                            long start = System.nanoTime();
                            CacheResult<User> result = c.cache.user(name, () -> c.users.findByName(name));
                            if (result.value().isEmpty()) {
                                throw new IllegalStateException("no user " + name);
                            }
                            return (System.nanoTime() - start) / 1e6;
                        }));
                    }
                    go.countDown();
                    List<Double> callLatencies = new ArrayList<>();
                    for (Future<Double> call : calls) {
                        callLatencies.add(call.get(30, TimeUnit.SECONDS));
                    }
                    if (k >= 0) {
                        latencies.get(singleFlight).addAll(callLatencies);
                        loadsPerKey.get(singleFlight).add(loads.get());
                    }
                }
            }
        }
        finally {
            pool.shutdownNow();
        }
        md.append(callers)
            .append(" concurrent callers on a cold key, ")
            .append(keys)
            .append(" keys per configuration (alternating), through the users cache on the ")
            .append("real cluster and MongoDB; the lookup is given a fixed extra 20 ms, a modelled round trip to a remote sharded cluster (the embedded MongoDB answers in about 1 ms, ")
            .append("which would hide the window in which callers pile up).\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (boolean singleFlight : new boolean[] { true, false }) {
            List<Integer> perKey = loadsPerKey.get(singleFlight);
            rows.add(List.of(singleFlight ? "single-flight (default)" : "without single-flight",
                    "%.1f".formatted(perKey.stream().mapToInt(Integer::intValue).average().orElse(0)),
                    perKey.stream().mapToInt(Integer::intValue).max().orElse(0) + "",
                    f(Stats.median(latencies.get(singleFlight))),
                    f(Stats.percentile(latencies.get(singleFlight), 99))));
        }
        List<Integer> crossProcess = crossProcessStampede(stack, keys);
        rows.add(List.of(
                CROSS_PROCESS_INSTANCES + " independent instances × " + callers / CROSS_PROCESS_INSTANCES
                        + " callers (leases)",
                "%.1f".formatted(crossProcess.stream().mapToInt(Integer::intValue).average().orElse(0)),
                crossProcess.stream().mapToInt(Integer::intValue).max().orElse(0) + "", "", ""));
        md.append(table(List.of("", "MongoDB loads per cold key (mean)", "max", "caller median ms", "caller p99 ms"),
                rows));
        double on = loadsPerKey.get(true).stream().mapToInt(Integer::intValue).average().orElse(1);
        double off = loadsPerKey.get(false).stream().mapToInt(Integer::intValue).average().orElse(1);
        md.append(
                "\nWithout single-flight the callers of one instance still cause one load: the first takes the lease in Redis and the ")
            .append("others wait for its value, polling, which is what their higher latency shows. ")
            .append("The last row spreads the callers over independent instances, each with its own Redis Cluster connection and MongoDB ")
            .append("client, as separate Lambda environments are: single-flight cannot help across them, the lease in Redis does (one instance ")
            .append("takes it and loads, the others wait up to 250 ms for its value).\n");
        double across = crossProcess.stream().mapToInt(Integer::intValue).average().orElse(1);
        headlines.put("stampede",
                "%d callers on a cold key: %.1f MongoDB loads with single-flight, %.1f without; %.1f across %d independent instances"
                    .formatted(callers, on, off, across, CROSS_PROCESS_INSTANCES));
    }

    private static final int CROSS_PROCESS_INSTANCES = 10;

    /**
     * MongoDB loads per cold key when the callers are spread over independent instances.
     */
    private static List<Integer> crossProcessStampede(EmbeddedStack stack, int keys) throws Exception {
        AtomicInteger loads = new AtomicInteger();
        List<Components> instances = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            for (int i = 0; i < CROSS_PROCESS_INSTANCES; i++) {
                instances.add(
                        new Components(stack, "bench_stampede", true, template -> new SlowRepository(template, loads)));
            }
            List<Integer> perKey = new ArrayList<>();
            for (int k = -2; k < keys; k++) {
                String name = "cold" + Math.max(k, 0);
                instances.get(0).cache.invalidate(List.of(name));
                loads.set(0);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    Components c = instances.get(i % CROSS_PROCESS_INSTANCES);
                    calls.add(pool.submit(() -> {
                        go.await();
                        return c.cache.user(name, () -> c.users.findByName(name)).value().orElseThrow();
                    }));
                }
                go.countDown();
                for (Future<?> call : calls) {
                    call.get(30, TimeUnit.SECONDS);
                }
                if (k >= 0) {
                    perKey.add(loads.get());
                }
            }
            return perKey;
        }
        finally {
            pool.shutdownNow();
            instances.forEach(Components::close);
        }
    }

    // ---- 8 ----
    private void leaseCost(EmbeddedStack stack) {
        try (Components c = new Components(stack, "bench_leases");
                SpringCacheComparison spring = new SpringCacheComparison(stack.redisSeeds(), c.users)) {
            c.users.upsertRange("ly", 0, 100);
            var sync = c.redis.current().orElseThrow().sync();
            PlainCacheAside plain = new PlainCacheAside(sync);
            CacheAside ours = new CacheAside(c.redis, CacheSettings.builder().name("bench_leases").build(),
                    new SimpleMeterRegistry());
            ValueCodec<User> codec = JsonValueCodec.of(User.class);
            SpringCacheComparison.CachedLookup springLookup = spring.lookup();
            var springCache = spring.cacheManager().getCache("spring-users");
            String hitKey = "bench:v1:hit";
            ours.getOrLoad(hitKey, codec, () -> c.users.findByName("ly1"));
            AtomicInteger i = new AtomicInteger();
            // A miss: delete the key, then read it (ours: GET, lease, load,
            // compare-and-set; plain: GET, load, SET).
            Runnable oursMiss = () -> {
                String name = "ly" + (i.incrementAndGet() % 100);
                String key = "bench:v1:ours:" + name;
                ours.invalidate(List.of(key));
                ours.getOrLoad(key, codec, () -> c.users.findByName(name));
            };
            Runnable plainMiss = () -> {
                String name = "ly" + (i.incrementAndGet() % 100);
                String key = "bench:v1:plain:" + name;
                sync.del(key);
                plain.getOrLoad(key, codec, () -> c.users.findByName(name));
            };
            List<Double> hitVsGet = new ArrayList<>();
            List<Double> hitVsPlain = new ArrayList<>();
            List<Double> missVsPlain = new ArrayList<>();
            List<Double> missVsSpring = new ArrayList<>();
            SideBySide.Result lastHit = null;
            SideBySide.Result lastMiss = null;
            SideBySide.Result lastSpring = null;
            for (int run = 0; run < 3; run++) {
                SideBySide.Result rawGet = SideBySide.run("ours", () -> ours.getOrLoad(hitKey, codec, Optional::empty),
                        "raw GET", () -> sync.get(hitKey), 2000, 10, 500);
                SideBySide.Result plainHit = SideBySide.run("ours",
                        () -> ours.getOrLoad(hitKey, codec, Optional::empty), "plain GET + decode",
                        () -> plain.getOrLoad(hitKey, codec, Optional::empty), 2000, 10, 500);
                SideBySide.Result miss = SideBySide.run("ours", oursMiss, "plain", plainMiss, 300, 10, 100);
                SideBySide.Result springMiss = SideBySide.run("ours", oursMiss, "Spring", () -> {
                    String name = "ly" + (i.incrementAndGet() % 100);
                    springCache.evictIfPresent(name);
                    springLookup.findByName(name);
                }, 300, 10, 100);
                hitVsGet.add(rawGet.ratio());
                hitVsPlain.add(plainHit.ratio());
                missVsPlain.add(miss.ratio());
                missVsSpring.add(springMiss.ratio());
                lastHit = plainHit;
                lastMiss = miss;
                lastSpring = springMiss;
            }
            RedisWork ourWork = redisWorkPerMiss(stack, oursMiss);
            RedisWork plainWork = redisWorkPerMiss(stack, plainMiss);
            md.append(
                    "The cache component alone (no function around it) against the protocol it had before leases, `GET`, then on a miss load ")
                .append("and `SET … PX` (reproduced in `PlainCacheAside`), on the same connection, codec and MongoDB; and a miss against Spring's ")
                .append("`@Cacheable` recipe of section 2. A miss here is a delete of the key, then the read: ours sends `GET`, `SET NX PX` (the lease), ")
                .append("the load, and `EVALSHA` (the compare-and-set). Each ratio is the median of three interleaved runs (10 × 500 hits or ")
                .append("10 × 100 misses each); the times are from the last run.\n\n");
            md.append(table(
                    List.of("", "ours, median µs", "reference, median µs", "ours / reference (median of 3 runs)",
                            "the 3 runs"),
                    List.of(List.of("hit vs raw `GET`", "", "", "%.2f×".formatted(Stats.median(hitVsGet)),
                            ratios(hitVsGet)),
                            List.of("hit vs plain cache-aside", f(lastHit.aMedian()), f(lastHit.bMedian()),
                                    "%.2f×".formatted(Stats.median(hitVsPlain)), ratios(hitVsPlain)),
                            List.of("miss vs plain cache-aside", f(lastMiss.aMedian()), f(lastMiss.bMedian()),
                                    "%.2f×".formatted(Stats.median(missVsPlain)), ratios(missVsPlain)),
                            List.of("miss vs Spring `@Cacheable`", f(lastSpring.aMedian()), f(lastSpring.bMedian()),
                                    "%.2f×".formatted(Stats.median(missVsSpring)), ratios(missVsSpring)))));
            md.append(
                    ("\nRedis work per miss, counted by the nodes over 200 misses (`INFO commandstats`, the delete included): ours %.1f round trips ")
                        .formatted(ourWork.roundTrips())
                        .concat("(%.1f commands, the script's own `GET` and `SET` included), plain %.1f round trips (%.1f commands).\n"
                            .formatted(ourWork.commands(), plainWork.roundTrips(), plainWork.commands())));
            headlines.put("lease cost",
                    "a hit costs %.2f× the plain protocol's, a miss %.2f× (%.0f round trips to Redis instead of %.0f)"
                        .formatted(Stats.median(hitVsPlain), Stats.median(missVsPlain), ourWork.roundTrips(),
                                plainWork.roundTrips()));
        }
    }

    private static String ratios(List<Double> values) {
        return values.stream().map("%.2f"::formatted).toList().toString();
    }

    /**
     * Per miss: commands the masters executed, and round trips (each script's two inner
     * commands not counted).
     */
    record RedisWork(double commands, double roundTrips) {
    }

    private static RedisWork redisWorkPerMiss(EmbeddedStack stack, Runnable miss) {
        int calls = 200;
        Set<String> data = Set.of("get", "set", "del", "evalsha", "eval");
        Set<String> scripts = Set.of("evalsha", "eval");
        long commandsBefore = stack.redis().commandCalls(data);
        long scriptsBefore = stack.redis().commandCalls(scripts);
        for (int n = 0; n < calls; n++) {
            miss.run();
        }
        double commands = (double) (stack.redis().commandCalls(data) - commandsBefore) / calls;
        double scriptRuns = (double) (stack.redis().commandCalls(scripts) - scriptsBefore) / calls;
        return new RedisWork(commands, commands - 2 * scriptRuns);
    }

    /** The real repository, counting lookups and adding a modelled 20 ms of network. */
    static final class SlowRepository extends UserRepository {

        private final AtomicInteger loads;

        SlowRepository(MongoTemplate template, AtomicInteger loads) {
            super(template, new SimpleMeterRegistry());
            this.loads = loads;
        }

        @Override
        public Optional<User> findByName(String name) {
            loads.incrementAndGet();
            Pause.of(Duration.ofMillis(20));
            return super.findByName(name);
        }

    }

    // ---- 3 ----
    private void http() throws Exception {
        if (!Wrk.available()) {
            throw new IllegalStateException(
                    "wrk is not installed (apt-get install wrk); benchmarks/run.sh installs it");
        }
        try (BenchmarkServer server = BenchmarkServer.start(FloorFunctions.class)) {
            Drills.seedAndWarm(server);
            String base = "http://localhost:" + server.port();
            List<List<String>> rows = new ArrayList<>();
            Map<String, Map<String, Double>> chart = new LinkedHashMap<>();
            Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put("getUser (hit)", "/getUser/ly1");
            endpoints.put("raw Redis GET (same shape)", "/rawGet/ly1");
            endpoints.put("getUser's answer, no Redis", "/userAnswer/ly1");
            endpoints.put("echo (same shape)", "/echo/ly1");
            endpoints.put("no-op supplier", "/noop");
            for (int connections : List.of(1, 8, 32)) {
                Map<String, Wrk.Result> results = new LinkedHashMap<>();
                for (int round = 0; round < 2; round++) {
                    for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
                        results.put(endpoint.getKey(),
                                Wrk.run(base + endpoint.getValue(), connections, Duration.ofSeconds(5)));
                    }
                }
                Wrk.Result getUser = results.get("getUser (hit)");
                results.forEach((name, result) -> {
                    rows.add(List.of(connections + "", name, f(result.requestsPerSecond()),
                            f(result.percentiles().get("50%")), f(result.percentiles().get("99%"))));
                    chart.put(name + ", " + connections + " conn.", result.percentiles());
                });
                for (String floor : List.of("raw Redis GET (same shape)", "getUser's answer, no Redis",
                        "echo (same shape)", "no-op supplier")) {
                    Wrk.Result other = results.get(floor);
                    rows.add(List.of(connections + "", "**getUser / " + floor + "**",
                            "**%.2f×**".formatted(getUser.requestsPerSecond() / other.requestsPerSecond()),
                            "%.2f×".formatted(getUser.percentiles().get("50%") / other.percentiles().get("50%")),
                            "%.2f×".formatted(getUser.percentiles().get("99%") / other.percentiles().get("99%"))));
                }
                if (connections == 8) {
                    headlines.put("http",
                            ("getUser (hit) serves %.0f%% of the throughput of a function doing only its Redis GET, "
                                    + "%.0f%% of an echo function's and %.0f%% of a constant supplier's at 8 connections")
                                .formatted(
                                        100 * getUser.requestsPerSecond()
                                                / results.get("raw Redis GET (same shape)").requestsPerSecond(),
                                        100 * getUser.requestsPerSecond()
                                                / results.get("echo (same shape)").requestsPerSecond(),
                                        100 * getUser.requestsPerSecond()
                                                / results.get("no-op supplier").requestsPerSecond()));
                }
            }
            Charts.percentiles("Latency percentiles through the local server (wrk)", chart,
                    List.of("50%", "75%", "90%", "99%"), docs.resolve("http-latency.png"));
            md.append(
                    "`wrk` (one thread, 5 s per measurement, a warm-up pass first, the second pass reported) against the local server on the embedded ")
                .append("stack: getUser for a cached user against four floors on the same server, alternating, at 1, 8 and 32 connections: ")
                .append("`rawGet`, a function of getUser's shape that does a hit's Redis work and nothing else (one `GET` of the user's cache key ")
                .append("on a cluster connection of its own, the stored bytes returned as they are); `userAnswer`, getUser's types ")
                .append("(`Message<String>` in, `Message<Object>` out) answering a constant user as getUser answers a hit, without Redis; `echo`, a ")
                .append("`Function<String, String>` returning its path argument (getUser's shape: the same filter, argument and message conversion); ")
                .append("and `noop`, a supplier of `{}`. Client and server share the 2 cores.\n\n");
            md.append(table(List.of("connections", "endpoint", "requests/s", "p50 ms", "p99 ms"), rows));
            md.append(
                    """

                            ![HTTP latency percentiles](http-latency.png)

                            The echo row is the floor for a function of getUser's shape; the rawGet row adds the one thing a hit
                            cannot avoid, its Redis round trip; the userAnswer row adds, instead, what SCF web does with getUser's
                            answer (a message whose payload Spring MVC writes as JSON through its message converters, with the
                            status and `X-Cache` headers), which echo's `String` skips. getUser pays both, and comparison 1 shows
                            that the cache's own work on a hit is a small part (a hit costs little more than a raw `GET`). The
                            constant supplier skips SCF's input conversion as well. A JFR
                            profile of the server under `wrk -c8` (`java -XX:StartFlightRecording=filename=rec.jfr,settings=profile
                            -jar functions/local/local-server/target/local-server.jar`) puts 12 % of the request threads' CPU in getUser
                            itself and the rest in Spring MVC and SCF web, the same for echo: SCF web answers every call with a
                            `Mono`, which Spring MVC serves as an asynchronous request, dispatched twice through the servlet
                            (`AsyncContextImpl.doInternalDispatch`, 39 % of the samples). What getUser adds in wall time is mostly
                            its Redis round trip, which on 2 shared cores waits for the Redis process, Lettuce's event loop and the
                            request thread to be scheduled in turn, while wrk and the server compete for the same cores. An
                            earlier profile (`jcmd <pid> JFR.start`, then `jfr print --events jdk.ExecutionSample`) put most of the
                            time in SCF web looking up the whole path `getUser/ly1` as a function name on every request; the local
                            server now hands SCF `GET /getUser` with the argument already in place
                            (`FunctionRequestFilter`). On Lambda neither exists: `FunctionInvoker` resolves its one function at start-up.
                            """);
        }
    }

    // ---- drill ----
    private void drill() {
        try (BenchmarkServer server = BenchmarkServer.start()) {
            Drills.KillMasterResult result = Drills.killMaster(server);
            result.timeline().writeCsv(docs.resolve("drill-kill-master.csv"));
            Charts.timeline(result.timeline(), "getUser under load, a Redis master killed (SIGKILL)",
                    docs.resolve("drill-kill-master.png"));
            long failed = result.timeline().samples().stream().filter(LoadStream.Sample::failed).count();
            List<LoadStream.Sample> window = result.timeline()
                .between(result.killedAtMillis(), result.hitsBackAtMillis());
            md.append(
                    "4 clients reading 100 cached users through the local server; at 3 s one of the three masters is killed. ")
                .append("The same drill, with its bounds asserted, runs in the test command (FaultDrillIT), with the Redis-outage and MongoDB-outage drills.\n\n");
            md.append(table(
                    List.of("requests", "failed", "replica promoted after", "hit ratio ≥ 95 % again after",
                            "p99 during the failover"),
                    List.of(List.of("%,d".formatted(result.timeline().samples().size()), failed + "",
                            "%.1f s".formatted((result.promotedAtMillis() - result.killedAtMillis()) / 1000.0),
                            "%.1f s".formatted((result.hitsBackAtMillis() - result.killedAtMillis()) / 1000.0),
                            "%.1f ms".formatted(Stats.percentile(Timeline.latencies(window), 99))))));
            md.append(
                    "\n![Failover timeline](drill-kill-master.png)\n\nPer-second data: [drill-kill-master.csv](drill-kill-master.csv). ")
                .append("Only the killed master's third of the keys is bypassed while the cluster fails over; the other masters' keys stay hits.\n");
            headlines.put("failover", "a master killed under load: %d failed requests, hits back after %.1f s"
                .formatted(failed, (result.hitsBackAtMillis() - result.killedAtMillis()) / 1000.0));
        }
    }

    // ---- 9 ----
    private void breakerCost() throws RunnerException {
        Options options = new OptionsBuilder().include(BreakerBenchmark.class.getName())
            .forks(0)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .threads(1)
            .build();
        RunResult result = new Runner(options).runSingle();
        double nanos = result.getPrimaryResult().getScore();
        md.append(
                "A master node's Resilience4j circuit breaker, configured as the cache configures it (with its Micrometer binding): ")
            .append("one `tryAcquirePermission` and one recorded success on a closed breaker, the work it adds to every Redis call. ")
            .append("JMH (`BreakerBenchmark`), average time, 3 × 1 s warm-up, 5 × 1 s measurement, one thread, in process.\n\n");
        md.append(
                table(List.of("operation", "ns per call", "error (99.9 %)"), List.of(List.of("acquire + record success",
                        "%.0f".formatted(nanos), "± %.0f".formatted(result.getPrimaryResult().getScoreError())))));
        md.append(
                "\nThe goal for keeping a library breaker instead of a hand-written one was under 1 µs (1,000 ns) per call.\n");
        headlines.put("circuit breaker",
                "a node's breaker costs %.0f ns per Redis call (acquire and record)".formatted(nanos));
    }

    // ---- drill: dead sockets ----
    private void deadSocketsDrill() {
        try (BenchmarkServer server = BenchmarkServer.startBehindProxies()) {
            Drills.DeadSocketsResult result = Drills.deadSockets(server);
            result.timeline().writeCsv(docs.resolve("drill-dead-sockets.csv"));
            Charts.timeline(result.timeline(), "getUser under load, every Redis connection dead (nodes healthy)",
                    docs.resolve("drill-dead-sockets.png"));
            long failed = result.timeline().samples().stream().filter(LoadStream.Sample::failed).count();
            List<LoadStream.Sample> window = result.timeline()
                .between(result.frozenAtMillis(), result.hitsBackAtMillis());
            md.append(
                    "4 clients reading 100 cached users through the local server, which reaches every Redis node through a TCP proxy; at 3 s ")
                .append("the proxies stop forwarding on every connection they hold (as a NAT that dropped the flows, or a frozen Lambda ")
                .append("environment, leaves them) while new connections still work. Each node's breaker opens after three command timeouts ")
                .append("and closes its sockets; Lettuce reconnects; the probe after the 2 s cool-down succeeds. The same drill, with its bounds, ")
                .append("runs in the test command (FaultDrillIT).\n\n");
            md.append(table(List.of("requests", "failed", "hit ratio ≥ 95 % again after", "p99 until then"),
                    List.of(List.of("%,d".formatted(result.timeline().samples().size()), failed + "",
                            "%.1f s".formatted((result.hitsBackAtMillis() - result.frozenAtMillis()) / 1000.0),
                            "%.1f ms".formatted(Stats.percentile(Timeline.latencies(window), 99))))));
            md.append(
                    "\n![Dead sockets timeline](drill-dead-sockets.png)\n\nPer-second data: [drill-dead-sockets.csv](drill-dead-sockets.csv).\n");
            headlines.put("dead sockets",
                    "every connection dropped silently: %d failed requests, hits back after %.1f s".formatted(failed,
                            (result.hitsBackAtMillis() - result.frozenAtMillis()) / 1000.0));
        }
    }

    // ---- output ----
    private void write() throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("# Benchmarks\n\n");
        out.append("Generated by `")
            .append(COMMAND)
            .append("` on ")
            .append(LocalDate.now())
            .append(": ")
            .append(Runtime.getRuntime().availableProcessors())
            .append(" cores, ")
            .append(ManagementFactory.getOperatingSystemMXBean().getName())
            .append(" ")
            .append(System.getProperty("os.arch"))
            .append(", JDK ")
            .append(System.getProperty("java.version"))
            .append(" (")
            .append(System.getProperty("java.vm.name"))
            .append("), ")
            .append(Runtime.getRuntime().maxMemory() / (1024 * 1024))
            .append(" MB heap limit. ")
            .append("Everything runs on the embedded stack (six redis-server 6.2 processes, the in-JVM MongoDB wire server) on the same machine, ")
            .append("which is shared and noisy: each comparison is measured side by side in this one run, and its ratio is the result; ")
            .append("absolute times are context. No figure here is typed by hand: rerun the command to regenerate this page.\n\n");
        out.append("## Headlines\n\n");
        headlines.forEach((name, line) -> out.append("- **").append(name).append("**: ").append(line).append("\n"));
        out.append("\n");
        List<String> order = List.of("1. Cache overhead", "2. Against Spring's cache abstraction", "3. HTTP",
                "4. Connection reuse", "5. Cold start", "6. Seeding", "7. Stampede", "8. What the leases cost",
                "9. The circuit breaker", "10. What the metrics cost", "Fault drill: a Redis master killed",
                "Fault drill: connections that die silently");
        for (String title : order) {
            out.append("## ")
                .append(title)
                .append("\n\n")
                .append(sections.getOrDefault(title, "Not run.\n"))
                .append("\n");
        }
        Files.writeString(docs.resolve("BENCHMARKS.md"), out);
        System.out.println(out);
    }

    static String f(double value) {
        return value >= 100 ? "%,.0f".formatted(value)
                : value >= 10 ? "%.1f".formatted(value) : "%.2f".formatted(value);
    }

    static String table(List<String> header, List<List<String>> rows) {
        StringBuilder t = new StringBuilder("| " + String.join(" | ", header) + " |\n|");
        header.forEach(h -> t.append("---|"));
        t.append("\n");
        rows.forEach(row -> t.append("| ").append(String.join(" | ", row)).append(" |\n"));
        return t.toString();
    }

}
