package dev.userfunctions.customruntime;

import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Trains a package's AOT cache by running the function itself: the package unpacked as a
 * task root, its {@code bootstrap} executed as Lambda's OS-only runtime does (so on the
 * package's own jlinked {@code java}: a cache made by another JDK build is refused), on
 * whole cores, against the embedded stack, through the function's training events; then
 * the JVM is ended normally, and writes the cache as it exits (never on a kill).
 */
final class AotTraining {

    /** Within it the JVM assembles the cache in a child JVM at exit. */
    private static final Duration EXIT_TIMEOUT = Duration.ofMinutes(5);

    /**
     * The database the training reads and writes: {@link FunctionPackage#TRAINED_USER} is
     * in it.
     */
    static final String DATABASE = "aot_training";

    private AotTraining() {
    }

    /**
     * Trains {@code function}'s cache in {@code packageRoot}, into {@code cache}.
     * @return one line per invocation: the event's kind and the answer's status
     */
    static List<String> train(FunctionPackage function, Path packageRoot, Path cache, EmbeddedStack stack)
            throws IOException {
        Files.deleteIfExists(cache);
        List<String> trained = new ArrayList<>();
        try (LambdaEnvironment environment = LambdaEnvironment.osOnlyRuntime(packageRoot, function.handler())
            .functionName(function.functionName())
            .wholeCores()
            .variable("MONGODB_URI", stack.mongoUri())
            .variable("MONGODB_DATABASE", DATABASE)
            .variable("REDIS_NODES", stack.redisSeeds())
            .variable("LOGGING_LEVEL_DE_BWALDVOGEL", "warn")
            .jvmOption("-XX:AOTCacheOutput=" + cache.toAbsolutePath())
            .start()) {
            environment.awaitInit();
            for (String event : function.trainingEvents()) {
                Invocation invocation = environment.invoke(event);
                trained.add((invocation.failed() ? "failed: " : "answered: ") + abbreviated(invocation.response()));
            }
            List<String> warnings = environment.output()
                .stream()
                .filter(line -> line.contains("\"level\":\"WARN\""))
                .toList();
            if (!warnings.isEmpty()) {
                throw new IllegalStateException("Training " + function.functionName() + " logged warnings: a cache "
                        + "trained on paths that failed is not the one production needs:\n"
                        + String.join("\n", warnings));
            }
            int exit = environment.stop(EXIT_TIMEOUT);
            if (!Files.isRegularFile(cache)) {
                throw new IllegalStateException("The training JVM of " + function.functionName() + " ended (exit "
                        + exit + ") without writing " + cache + "; the JVM's own lines:\n"
                        + environment.output()
                            .stream()
                            .filter(line -> !line.startsWith("{"))
                            .collect(Collectors.joining("\n")));
            }
        }
        return trained;
    }

    private static String abbreviated(String response) {
        return response.length() <= 100 ? response : response.substring(0, 100) + "…";
    }

}
