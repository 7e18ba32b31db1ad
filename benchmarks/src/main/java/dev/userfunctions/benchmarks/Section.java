package dev.userfunctions.benchmarks;

import dev.userfunctions.local.drills.Timeline;

import dev.userfunctions.aws.LambdaInvocations;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One section of docs/BENCHMARKS.md: {@link #measure()} runs its comparison and writes
 * its Markdown into {@link #md}, and its one-line result into the report's headlines.
 */
abstract class Section {

    /**
     * Calls of each operation before a steady-state comparison: enough for the JIT to
     * finish (with fewer, the first comparison of a run measured compilation, not code).
     */
    protected static final int STEADY_STATE_WARMUP = 20_000;

    protected final Path root;

    /**
     * Where the charts and data files go: docs/, beside the report, unless told
     * otherwise.
     */
    private Path figures;

    protected final Map<String, String> headlines;

    protected final StringBuilder md = new StringBuilder();

    Section(Path root, Map<String, String> headlines) {
        this.root = root;
        this.figures = root.resolve("docs");
        this.headlines = headlines;
    }

    abstract void measure() throws Exception;

    final String markdown() {
        return md.toString();
    }

    /**
     * Sends the charts and data files to {@code directory} instead of docs/ (a run of
     * chosen sections leaves the report's files as they are).
     */
    final void writeFiguresTo(Path directory) {
        this.figures = directory;
    }

    /** The path of the chart or data file {@code fileName}. */
    protected final Path figure(String fileName) {
        return figures.resolve(fileName);
    }

    /**
     * Writes a drill's timeline as {@code <name>.csv} and its chart {@code <name>.png}
     * where figures go; the Markdown that shows them.
     */
    protected final String timelineFigures(Timeline timeline, String name, String chartTitle, String caption) {
        timeline.writeCsv(figure(name + ".csv"));
        Charts.timeline(timeline, chartTitle, figure(name + ".png"));
        return "\n![%s](%s.png)\n\nPer-second data: [%s.csv](%s.csv).".formatted(caption, name, name, name);
    }

    /** template.yaml's handler of getUser. */
    static final String GET_USER_HANDLER = "dev.userfunctions.getuser.lambda.GetUserHandler::handleRequest";

    /** getUser's Lambda jar, which the build must have made. */
    protected final Path getUserLambdaJar() {
        Path jar = root.resolve("functions/get-user/target/get-user-aws.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build the Lambda jar first: ./mvnw -B -DskipTests package");
        }
        return jar;
    }

    /** The jar (or classes folder) {@code type} is loaded from. */
    static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code main} of the benchmarks' jar in a fresh JVM on {@code lambdaJar}'s
     * classpath, with {@code environment}; its output.
     */
    protected final String runOnLambdaJar(Path lambdaJar, List<String> jvmOptions, Class<?> main,
            List<String> arguments, Map<String, String> environment) throws IOException, InterruptedException {
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

    /**
     * What a probe runs on: the Lambda jar, the benchmarks' own jar, and the tests'
     * Lambda context (a request id per invocation). Jars only: class data sharing ignores
     * classes loaded from directories.
     */
    private String probeClasspath(Path lambdaJar) {
        return String.join(File.pathSeparator, lambdaJar.toString(),
                root.resolve("benchmarks/target/benchmarks.jar").toString(), jarOf(LambdaInvocations.class));
    }

}
