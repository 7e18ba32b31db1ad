package dev.userfunctions.benchmarks;

import dev.userfunctions.aws.LambdaInvocations;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.userfunctions.getuser.lambda.GetUserHandler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Run in a fresh JVM on a Lambda jar's classpath (nothing else of the benchmarks' own
 * classpath, where Spring Boot's actuator would time every function call): starts the
 * handler twice in one JVM, with metrics on and off, and measures warm invocations of
 * both side by side. Standard output is a pipe to the parent process, as Lambda's is to
 * its runtime. Argument: the event file. Prints
 * {@code WARM-PATH on=<µs,...> off=<µs,...> line=<µs,...> lineOff=<µs,...>
 * unwrittenOn=<µs,...> unwrittenOff=<µs,...>} last: the second pair is metrics off with
 * and without one line of the same bytes as an invocation's EMF document written after
 * each invocation (what the write alone costs); the third is on against off with standard
 * output discarded (what the metrics cost but the write).
 */
public final class WarmPathProbe {

    private WarmPathProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        RequestStreamHandler on = handler(true);
        RequestStreamHandler off = handler(false);
        SideBySide.Result result = SideBySide.run("on", () -> invoke(on, event), "off", () -> invoke(off, event),
                MetricsCostSection.WARMUP, MetricsCostSection.ROUNDS, MetricsCostSection.INVOCATIONS_PER_ROUND);
        byte[] line = emfLineOf(on, event);
        SideBySide.Result lineOnly = SideBySide.run("line", () -> {
            invoke(off, event);
            System.out.write(line, 0, line.length);
            System.out.flush();
        }, "off", () -> invoke(off, event), MetricsCostSection.WARMUP, MetricsCostSection.ROUNDS,
                MetricsCostSection.INVOCATIONS_PER_ROUND);
        SideBySide.Result unwritten = withStandardOutput(new PrintStream(OutputStream.nullOutputStream()),
                () -> SideBySide.run("on", () -> invoke(on, event), "off", () -> invoke(off, event),
                        MetricsCostSection.WARMUP, MetricsCostSection.ROUNDS,
                        MetricsCostSection.INVOCATIONS_PER_ROUND));
        System.out.println("WARM-PATH on=" + joined(result.aMicros()) + " off=" + joined(result.bMicros()) + " line="
                + joined(lineOnly.aMicros()) + " lineOff=" + joined(lineOnly.bMicros()) + " unwrittenOn="
                + joined(unwritten.aMicros()) + " unwrittenOff=" + joined(unwritten.bMicros()));
        System.exit(0);
    }

    /** What metrics on writes for one invocation: the floor's line, of the same bytes. */
    private static byte[] emfLineOf(RequestStreamHandler on, byte[] event) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        withStandardOutput(new PrintStream(captured, true, StandardCharsets.UTF_8), () -> {
            invoke(on, event);
            return null;
        });
        return captured.toByteArray();
    }

    /** {@code run}'s result, with standard output going to {@code out} meanwhile. */
    private static <T> T withStandardOutput(PrintStream out, Supplier<T> run) {
        PrintStream standardOutput = System.out;
        System.setOut(out);
        try {
            return run.get();
        }
        finally {
            System.setOut(standardOutput);
        }
    }

    private static RequestStreamHandler handler(boolean metrics) {
        System.setProperty("metrics.enabled", String.valueOf(metrics));
        return new GetUserHandler();
    }

    /** One invocation, its answer dropped: what the warm-path comparisons time. */
    static void invoke(RequestStreamHandler handler, byte[] event) {
        try {
            handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(),
                    new LambdaInvocations.FakeContext());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String joined(java.util.List<Double> micros) {
        return micros.stream().map(value -> "%.1f".formatted(value)).collect(Collectors.joining(","));
    }

}
