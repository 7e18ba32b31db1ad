package dev.userfunctions.benchmarks;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Lambda execution environment on this machine: a JVM running Lambda's own runtime loop
 * (the runtime interface client's {@code AWSLambda}, as the managed Java runtime does)
 * with a Lambda jar's handler, fetching its events from a {@link RuntimeApiStub}. Its
 * classpath is the Lambda jar and the runtime's own jars (the client, its serialization
 * and the SDK's utils-lite). Standard output is a pipe read line by line, as Lambda's log
 * agent reads it.
 */
final class LambdaRuntimeProcess implements AutoCloseable {

    private static final String HANDLER = FunctionInvoker.class.getName() + "::handleRequest";

    private final RuntimeApiStub api;

    private final Process process;

    private final AtomicLong emfLines = new AtomicLong();

    private final Deque<String> lastLines = new ArrayDeque<>();

    LambdaRuntimeProcess(Path lambdaJar, Map<String, String> environment) throws IOException {
        api = new RuntimeApiStub();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                String.join(File.pathSeparator, lambdaJar.toString(), Section.jarOf(AWSLambda.class),
                        Section.jarOf(PojoSerializer.class), Section.jarOf(SdkInternalThreadLocal.class)),
                AWSLambda.class.getName(), HANDLER);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            // The runtime loads the task's classes from its working directory: an empty
            // one.
            .directory(Files.createTempDirectory("lambda-task").toFile());
        builder.environment().putAll(environment);
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
        builder.environment().putIfAbsent("AWS_LAMBDA_FUNCTION_NAME", "bench");
        process = builder.start();
        Thread reader = new Thread(this::readOutput, "lambda-runtime-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** One invocation with {@code event}: its duration as Lambda times it, in µs. */
    double invoke(byte[] event) {
        try {
            return api.invoke(event, 60, TimeUnit.SECONDS);
        }
        catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; the runtime's last output:\n" + lastOutput(), e);
        }
    }

    /** The EMF documents written so far. */
    long emfLines() {
        return emfLines.get();
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("{\"_aws\"")) {
                    emfLines.incrementAndGet();
                }
                else {
                    synchronized (lastLines) {
                        lastLines.addLast(line);
                        if (lastLines.size() > 40) {
                            lastLines.removeFirst();
                        }
                    }
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String lastOutput() {
        synchronized (lastLines) {
            return String.join("\n", new ArrayList<>(lastLines));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        api.close();
    }

}
