package dev.userfunctions.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How Lambda's managed {@code java25} runtime starts a function's JVM, and how an OS-only
 * runtime ({@code provided.al2023}) starts a package's {@code bootstrap}, as far as it is
 * documented or has been observed; the one place the harness keeps it.
 */
final class LambdaRuntimes {

    /** Where a Temurin 25 is looked for when {@code JAVA25_HOME} is not set. */
    static final Path DEFAULT_JAVA25_HOME = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    /** The runtime interface client's main loop, which the managed runtime runs. */
    static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /**
     * Processors the JVM sees. A Lambda environment shows its JVM 2 processors at every
     * memory setting up to 3,008 MB whatever its CPU share (the share is enforced by the
     * hypervisor, not by fewer CPUs); without this flag the JVM here would count 1 from
     * the cgroup's quota and size its GC, JIT and thread pools (Netty's, the
     * ForkJoinPool's) differently.
     */
    static final int ACTIVE_PROCESSORS = 2;

    private LambdaRuntimes() {
    }

    /**
     * The JDK the runtime runs: a Temurin 25 at {@code JAVA25_HOME}, else at
     * {@link #DEFAULT_JAVA25_HOME}; empty when neither has a {@code bin/java}.
     */
    static Optional<Path> java25() {
        String configured = System.getenv("JAVA25_HOME");
        Path home = configured == null || configured.isBlank() ? DEFAULT_JAVA25_HOME : Path.of(configured);
        Path java = home.resolve("bin").resolve("java");
        return Files.isExecutable(java) ? Optional.of(java) : Optional.empty();
    }

    /**
     * The JVM options for {@code memoryMb}. Documented
     * (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html): the java25
     * runtime stops tiered compilation at C1 ({@code -XX:+TieredCompilation
     * -XX:TieredStopAtLevel=1}) except under SnapStart and provisioned concurrency, where
     * a restored or pre-initialised environment lives long enough for C2. Observed on the
     * runtime's process command line ({@code /proc/<pid>/cmdline} inside a function): the
     * serial collector, a maximum heap of 85 % of the memory setting, class data sharing
     * on where possible, IPv4 preferred, and org.crac bound to the runtime's own CRaC
     * context, so the SnapStart hooks registered with org.crac reach the runtime.
     */
    static List<String> jvmOptions(int memoryMb, boolean snapStart) {
        List<String> options = new ArrayList<>(List.of("-XX:MaxHeapSize=" + (memoryMb * 1024L * 85 / 100) + "k",
                "-XX:+UseSerialGC", "-XX:+TieredCompilation"));
        if (!snapStart) {
            options.add("-XX:TieredStopAtLevel=1");
        }
        options.addAll(List.of("-Xshare:auto", "-Djava.net.preferIPv4Stack=true",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-XX:ActiveProcessorCount=" + ACTIVE_PROCESSORS));
        return options;
    }

    /** The credentials the runtime puts in the environment on a standard start. */
    static final Set<String> CREDENTIAL_VARIABLES = Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN");

    /**
     * The variables the runtime sets
     * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
     * in an otherwise empty environment; libraries that detect Lambda read them (the
     * MongoDB driver picks its FaaS behaviour from {@code AWS_EXECUTION_ENV}, which only
     * the managed runtimes set). The credentials are dummies, which moto (the AWS
     * stand-in here) accepts.
     */
    static Map<String, String> environment(String runtimeApi, String functionName, String handler, int memoryMb,
            boolean snapStart, String taskRoot) {
        Map<String, String> variables = osOnlyEnvironment(runtimeApi, functionName, handler, memoryMb, taskRoot);
        variables.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
        variables.put("AWS_LAMBDA_INITIALIZATION_TYPE", snapStart ? "snap-start" : "on-demand");
        return variables;
    }

    /**
     * The variables an OS-only runtime ({@code provided.al2023}) gives its
     * {@code bootstrap}: the managed runtime's, without {@code AWS_EXECUTION_ENV}.
     */
    static Map<String, String> osOnlyEnvironment(String runtimeApi, String functionName, String handler, int memoryMb,
            String taskRoot) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        variables.put("_HANDLER", handler);
        variables.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        variables.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        variables.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(memoryMb));
        variables.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        variables.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
        variables.put("AWS_LAMBDA_LOG_STREAM_NAME", "harness");
        variables.put("AWS_REGION", "us-east-1");
        variables.put("AWS_DEFAULT_REGION", "us-east-1");
        variables.put("AWS_ACCESS_KEY_ID", "AKIAHARNESS");
        variables.put("AWS_SECRET_ACCESS_KEY", "harness");
        variables.put("AWS_SESSION_TOKEN", "harness");
        variables.put("LAMBDA_TASK_ROOT", taskRoot);
        variables.put("LAMBDA_RUNTIME_DIR", taskRoot);
        variables.put("TZ", ":UTC");
        variables.put("LANG", "en_US.UTF-8");
        variables.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        return variables;
    }

}
