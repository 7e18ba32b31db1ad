package dev.userfunctions.benchmarks;

import dev.userfunctions.measure.Stats;

import dev.userfunctions.aws.telemetry.EmfMetrics;
import dev.userfunctions.aws.telemetry.InvocationTelemetry;
import dev.userfunctions.cache.CacheOutcome;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What writing an invocation's EMF documents costs with the project's own writer
 * ({@link EmfMetrics}) and with AWS's maintained library ({@code aws-embedded-metrics}
 * 4.2.0), the same documents either way (a cache hit's {@code CacheGets} under function
 * and outcome, a load's {@code MongoDbLoadTime} under function), each in fresh JVMs,
 * variants interleaved: the first invocation's write and the classes it loads (a new
 * environment pays them before its first answer), and a warm invocation's write. Jackson
 * 3, which the functions load anyway, is loaded before the clock starts in both.
 * docs/decisions/emf-library.md holds a run's figures.
 *
 * <p>
 * Run: {@code ./mvnw -B -q -DskipTests install && ./mvnw -B -q -pl benchmarks exec:exec
 * -Dexec.executable=java -Dexec.args="-cp %classpath
 * dev.userfunctions.benchmarks.EmfLibraryCost"}
 */
public final class EmfLibraryCost {

    private static final int ROUNDS = 5;

    private static final int WARM_INVOCATIONS = 20_000;

    private EmfLibraryCost() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("one")) {
            measureOne(args[1]);
            return;
        }
        List<double[]> own = new ArrayList<>();
        List<double[]> library = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            own.add(fork("own"));
            library.add(fork("library"));
        }
        System.out.printf("JDK %s, %d cores, %d fresh JVMs per variant, interleaved; medians%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), ROUNDS);
        System.out.println("| writer | first invocation's write, ms | classes it loads | warm write, µs |");
        System.out.println("|---|---|---|---|");
        print("EmfMetrics (hand-written)", own);
        print("aws-embedded-metrics 4.2.0", library);
    }

    private static void print(String name, List<double[]> runs) {
        System.out.printf("| %s | %.1f | %.0f | %.2f |%n", name, median(runs, 0), median(runs, 1), median(runs, 2));
    }

    private static double median(List<double[]> runs, int column) {
        return Stats.median(runs.stream().map(run -> run[column]).toList());
    }

    /** Runs one variant in a JVM of its own; its one line: ms, classes, µs. */
    private static double[] fork(String variant) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                EmfLibraryCost.class.getName(), "one", variant)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        String line = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(variant + " failed: " + line);
        }
        String[] fields = line.split(" ");
        return new double[] { Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                Double.parseDouble(fields[2]) };
    }

    private static void measureOne(String variant) {
        PrintStream report = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        JsonMapper json = JsonMapper.shared();
        json.writeValueAsString(List.of("loaded before the clock"));
        long classesBefore = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        long started = System.nanoTime();
        Runnable invocation = variant.equals("own") ? own(json) : Library.invocation();
        invocation.run();
        double firstMillis = (System.nanoTime() - started) / 1e6;
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() - classesBefore;
        for (int i = 0; i < WARM_INVOCATIONS; i++) {
            invocation.run();
        }
        long warmStarted = System.nanoTime();
        for (int i = 0; i < WARM_INVOCATIONS; i++) {
            invocation.run();
        }
        double warmMicros = (System.nanoTime() - warmStarted) / 1e3 / WARM_INVOCATIONS;
        report.println(firstMillis + " " + classes + " " + warmMicros);
    }

    /**
     * One invocation's events through the project's writer, as the Lambda path writes
     * them.
     */
    private static Runnable own(JsonMapper json) {
        EmfMetrics metrics = new EmfMetrics(json, "UserFunctions");
        InvocationTelemetry telemetry = new InvocationTelemetry(metrics, "getUser");
        return () -> telemetry.observe(null, () -> {
            metrics.outcome(CacheOutcome.HIT);
            metrics.loaded(1_500_000);
            return 200;
        }, status -> status);
    }

    /** Loaded only in the library's JVMs, on the clock. */
    private static final class Library {

        /**
         * The same documents through the library, as it would have to be used for them: a
         * logger per set of dimension values, default dimensions replaced, an environment
         * that probes nothing and adds nothing, a sink that writes each document to
         * standard output.
         */
        static Runnable invocation() {
            return () -> {
                MetricsLogger gets = logger(DimensionSet.of("function", "getUser", "outcome", "HIT"));
                gets.putMetric("CacheGets", 1, Unit.COUNT);
                gets.setTimestamp(Instant.now());
                gets.flush();
                MetricsLogger loads = logger(DimensionSet.of("function", "getUser"));
                loads.putMetric("MongoDbLoadTime", 1.5, Unit.MILLISECONDS);
                loads.setTimestamp(Instant.now());
                loads.flush();
            };
        }

        private static MetricsLogger logger(DimensionSet dimensions) {
            MetricsLogger logger = new MetricsLogger(STANDARD_OUTPUT);
            logger.setNamespace("UserFunctions");
            logger.setDimensions(dimensions);
            return logger;
        }

        private static final ISink SINK = new ISink() {
            @Override
            public void accept(MetricsContext context) {
                try {
                    for (String document : context.serialize()) {
                        byte[] bytes = (document + "\n").getBytes(StandardCharsets.UTF_8);
                        System.out.write(bytes, 0, bytes.length);
                    }
                    System.out.flush();
                }
                catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public CompletableFuture<Void> shutdown() {
                return CompletableFuture.completedFuture(null);
            }
        };

        private static final Environment STANDARD_OUTPUT = new Environment() {
            @Override
            public boolean probe() {
                return true;
            }

            @Override
            public String getName() {
                return "lambda";
            }

            @Override
            public String getType() {
                return "AWS::Lambda::Function";
            }

            @Override
            public String getLogGroupName() {
                return "lambda";
            }

            @Override
            public void configureContext(MetricsContext context) {
            }

            @Override
            public ISink getSink() {
                return SINK;
            }
        };

    }

}
