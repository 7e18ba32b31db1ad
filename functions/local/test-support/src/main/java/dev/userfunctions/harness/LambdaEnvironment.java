package dev.userfunctions.harness;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import org.opentest4j.TestAbortedException;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One Lambda execution environment on this machine: a JVM on a function's Lambda jar
 * running Lambda's own runtime loop (the runtime interface client's {@code AWSLambda}, as
 * the managed {@code java25} runtime does, on a JDK 25) with the template's handler, or a
 * custom-runtime package's {@code bootstrap} as an OS-only runtime executes it; its
 * options and variables from {@link LambdaRuntimes}, in a CPU cgroup with the memory
 * setting's share of a vCPU ({@link CpuShare}), fetching its events one at a time from a
 * {@link RuntimeApiEmulator}.
 *
 * <p>
 * As Lambda does, {@link #freeze()} stops every thread of the process once its runtime
 * has asked for the next event, {@link #thaw()} lets it go on, {@link #reap()} kills it
 * without notice. A stopped process's kernel still answers TCP (acknowledges, keeps
 * sockets open, runs keep-alive timers), which a frozen Lambda environment's does not:
 * these environments prove the client's own settings and behaviour across a freeze, not
 * what a real freeze does to the network.
 */
public final class LambdaEnvironment implements AutoCloseable {

    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(120);

    /**
     * Where the runtime interface client loads its native library from when set; unset it
     * unpacks it to one fixed path in {@code /tmp}. Lambda gives each environment its own
     * {@code /tmp}; here they share one, and two environments starting at once corrupt
     * each other's copy (a SIGBUS in the dynamic loader), so the harness unpacks it once.
     */
    private static final String NATIVE_LIBRARY_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi."
            + "NativeClient.JNI";

    private static final String NATIVE_LIBRARY_RESOURCE = "/jni/libaws-lambda-jni.linux-x86_64.so";

    private static Path nativeLibrary;

    private final RuntimeApiEmulator api;

    private final CpuShare cpuShare;

    private final Process process;

    private final long startNanos;

    private final List<String> output = new ArrayList<>();

    private final String name;

    private LambdaEnvironment(Builder builder) throws IOException {
        this.name = builder.functionName;
        this.api = new RuntimeApiEmulator(builder.functionName);
        this.cpuShare = builder.cpuShare ? CpuShare.forMemory(builder.memoryMb) : null;
        ProcessBuilder process = builder.packageRoot == null ? managedRuntime(builder) : osOnlyRuntime(builder);
        process.redirectErrorStream(true);
        process.environment().putAll(builder.variables);
        if (builder.containerCredentials != null) {
            // As after a SnapStart restore: no keys in the environment, an endpoint to
            // ask for them instead.
            process.environment().keySet().removeAll(LambdaRuntimes.CREDENTIAL_VARIABLES);
            process.environment().putAll(builder.containerCredentials);
        }
        this.startNanos = System.nanoTime();
        this.process = process.start();
        Thread reader = new Thread(this::readOutput, "lambda-env-output-" + name);
        reader.setDaemon(true);
        reader.start();
        this.process.onExit().thenAccept(ended -> api.processEnded(ended.exitValue()));
    }

    /**
     * An environment of the managed {@code java25} runtime for the function in
     * {@code lambdaJar} (its shaded, "aws" jar) whose handler is {@code handler}
     * ({@code class::handleRequest}, template.yaml's).
     */
    public static Builder builder(Path lambdaJar, String handler) {
        return new Builder(lambdaJar, null, handler);
    }

    /**
     * An environment of an OS-only runtime ({@code provided.al2023}) for the package
     * unpacked at {@code packageRoot}, the task root: the runtime executes its
     * {@code bootstrap} there with {@code _HANDLER} set to {@code handler}. No SnapStart
     * there. A JVM option ({@link Builder#jvmOption}) goes to {@code JAVA_TOOL_OPTIONS},
     * as a user would set it.
     */
    public static Builder osOnlyRuntime(Path packageRoot, String handler) {
        return new Builder(null, packageRoot, handler);
    }

    /** The managed runtime's JVM on the jar, in an empty working directory. */
    private ProcessBuilder managedRuntime(Builder builder) throws IOException {
        Path taskRoot = Files.createTempDirectory("lambda-task");
        List<String> java = new ArrayList<>();
        java.add(javaCommand().toString());
        java.addAll(LambdaRuntimes.jvmOptions(builder.memoryMb, builder.snapStart));
        java.add("-D" + NATIVE_LIBRARY_PROPERTY + "=" + nativeLibrary());
        java.addAll(builder.jvmOptions);
        java.addAll(List.of("-cp", classpath(builder.lambdaJar), LambdaRuntimes.MAIN, builder.handler));
        ProcessBuilder process = new ProcessBuilder(cpuShare == null ? java : cpuShare.wrap(java))
            // The runtime loads the task's classes from its working directory: an empty
            // one.
            .directory(taskRoot.toFile());
        process.environment().clear();
        process.environment()
            .putAll(LambdaRuntimes.environment(api.address(), builder.functionName, builder.handler, builder.memoryMb,
                    builder.snapStart, taskRoot.toString()));
        return process;
    }

    /** The package's bootstrap, as an OS-only runtime executes it. */
    private ProcessBuilder osOnlyRuntime(Builder builder) {
        if (builder.snapStart) {
            throw new IllegalStateException("SnapStart is not offered on OS-only runtimes");
        }
        Path bootstrap = builder.packageRoot.resolve("bootstrap").toAbsolutePath();
        if (!Files.isExecutable(bootstrap)) {
            throw new IllegalStateException("No executable bootstrap at " + bootstrap);
        }
        List<String> command = List.of(bootstrap.toString());
        ProcessBuilder process = new ProcessBuilder(cpuShare == null ? command : cpuShare.wrap(command))
            .directory(builder.packageRoot.toFile());
        process.environment().clear();
        process.environment()
            .putAll(LambdaRuntimes.osOnlyEnvironment(api.address(), builder.functionName, builder.handler,
                    builder.memoryMb, builder.packageRoot.toAbsolutePath().toString()));
        List<String> toolOptions = new ArrayList<>(
                List.of("-XX:ActiveProcessorCount=" + LambdaRuntimes.ACTIVE_PROCESSORS));
        toolOptions.addAll(builder.jvmOptions);
        process.environment().put("JAVA_TOOL_OPTIONS", String.join(" ", toolOptions));
        return process;
    }

    /**
     * The JDK that runs the environments, the managed runtime's Java 25: a test that
     * needs it is skipped (aborted, with this line) where none is found.
     */
    public static Path javaCommand() {
        return LambdaRuntimes.java25()
            .orElseThrow(() -> new TestAbortedException(noJava25("run Lambda's java25 runtime with")));
    }

    /** What is missing, and where to put it, for {@code purpose}. */
    public static String noJava25(String purpose) {
        return "No Temurin 25 to " + purpose + ": set JAVA25_HOME, or install one at "
                + LambdaRuntimes.DEFAULT_JAVA25_HOME;
    }

    /**
     * The Temurin 25 the managed runtime is modelled with and custom-runtime packages are
     * linked from: {@code JAVA25_HOME}, else the default; empty where neither has one.
     */
    public static Optional<Path> java25Home() {
        return LambdaRuntimes.java25().map(java -> java.getParent().getParent());
    }

    /** The JDK that runs the environments, in words. */
    public static String jdk() {
        return javaCommand().getParent().getParent().toString();
    }

    /** How this environment's CPU is limited, for the test's output. */
    public String describe() {
        return name + " (pid " + process.pid() + ") on " + jdk() + ", "
                + (cpuShare == null ? "whole cores (asked for)" : cpuShare.describe());
    }

    /** Whether the environment runs at Lambda's CPU share rather than on whole cores. */
    public boolean atLambdaCpuShare() {
        return cpuShare != null && cpuShare.applied();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the init phase to end (the runtime asks for its first event). */
    public Duration awaitInit() {
        explained(() -> api.awaitState(RuntimeApiEmulator.RuntimeState.AWAITING_EVENT, INIT_TIMEOUT));
        return Duration.ofNanos(api.firstRequestNanos() - startNanos);
    }

    /**
     * SnapStart: waits until the checkpoint hooks have run and the runtime waits to be
     * restored (the moment Lambda takes the snapshot).
     */
    public void awaitSnapshot() {
        explained(() -> api.awaitState(RuntimeApiEmulator.RuntimeState.AWAITING_RESTORE, INIT_TIMEOUT));
    }

    /** SnapStart: restores the environment; its restore hooks run next. */
    public void restore() {
        api.restore();
    }

    /** One invocation; fails with the environment's last output if it fails. */
    public Invocation invoke(String event) {
        Invocation[] invocation = new Invocation[1];
        explained(() -> invocation[0] = api.invoke(event, INVOCATION_TIMEOUT));
        return invocation[0];
    }

    /** Runs {@code step}; a failure names the environment and shows its last output. */
    private void explained(Runnable step) {
        try {
            step.run();
        }
        catch (IllegalStateException e) {
            throw new IllegalStateException(name + ": " + e.getMessage() + "; its last output:\n" + lastOutput(40), e);
        }
    }

    /**
     * Freezes the environment as Lambda does: once its runtime has asked for the next
     * event (or, with SnapStart, to be restored), every thread stops.
     */
    public void freeze() {
        explained(() -> api.awaitState(EnumSet.of(RuntimeApiEmulator.RuntimeState.AWAITING_EVENT,
                RuntimeApiEmulator.RuntimeState.AWAITING_RESTORE), INVOCATION_TIMEOUT));
        signal("STOP");
    }

    /** Lets a frozen environment go on. */
    public void thaw() {
        signal("CONT");
    }

    /**
     * Freezes the environment, leaves it frozen for {@code idle} (the time between two
     * invocations), and thaws it.
     */
    public void freezeFor(Duration idle) {
        freeze();
        try {
            Thread.sleep(idle.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while frozen", e);
        }
        finally {
            thaw();
        }
    }

    /**
     * Ends the environment as a shutdown does (SIGTERM: the JVM runs its shutdown hooks
     * and, training an AOT cache, writes it), waiting at most {@code timeout}.
     * @return the process's exit code
     * @throws IllegalStateException if it has not ended by then (it is killed)
     */
    public int stop(Duration timeout) {
        thaw();
        // Through the handle: Process.destroy() also closes the pipes, and a JVM that
        // then
        // writes (one assembling its AOT cache at exit does) dies of SIGPIPE.
        process.toHandle().destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                reap();
                throw new IllegalStateException(name + " did not end within " + timeout + " of SIGTERM; its last "
                        + "output:\n" + lastOutput(40));
            }
            return process.exitValue();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reap();
            throw new IllegalStateException(name + ": interrupted while it was stopping", e);
        }
    }

    /** Kills the environment without notice, as Lambda reaps one. */
    public void reap() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The environment's established TCP connections to any of {@code remotePorts}, from
     * the kernel's tables (also while it is frozen).
     */
    public long connectionsTo(Collection<Integer> remotePorts) {
        return ProcessSockets.establishedTo(process.pid(), remotePorts);
    }

    /** The process's resident memory now ({@code VmRSS}), in bytes. */
    public long residentBytes() {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))
                .stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024)
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException(name + ": no VmRSS in /proc/" + process.pid() + "/status"));
        }
        catch (IOException e) {
            throw new UncheckedIOException(name + ": its memory cannot be read (has it ended?)", e);
        }
    }

    /** Every line the environment wrote so far (standard output and error). */
    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** How many lines written so far match {@code line}. */
    public long linesMatching(Predicate<String> line) {
        return output().stream().filter(line).count();
    }

    private String lastOutput(int lines) {
        List<String> all = output();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (output) {
                    output.add(line);
                }
            }
        }
        catch (IOException e) {
            // The process ended.
        }
    }

    private static synchronized String nativeLibrary() throws IOException {
        if (nativeLibrary == null) {
            Path unpacked = Files.createTempFile("aws-lambda-jni", ".so");
            try (InputStream library = runtimeInterfaceClientLibrary()) {
                Files.copy(library, unpacked, StandardCopyOption.REPLACE_EXISTING);
            }
            unpacked.toFile().deleteOnExit();
            nativeLibrary = unpacked;
        }
        return nativeLibrary.toString();
    }

    private static String classpath(Path lambdaJar) {
        if (!Files.isRegularFile(lambdaJar)) {
            throw new IllegalStateException("No Lambda jar at " + lambdaJar.toAbsolutePath()
                    + ": build it first (./mvnw -B -DskipTests package, or run the tests with verify)");
        }
        List<String> classpath = new ArrayList<>(List.of(lambdaJar.toAbsolutePath().toString()));
        runtimeInterfaceClient().forEach(jar -> classpath.add(jar.toString()));
        return String.join(File.pathSeparator, classpath);
    }

    /**
     * The jars of Lambda's runtime interface client (its loop, its serialisation, the
     * SDK's thread-local it needs): what the managed runtime brings, and what a
     * custom-runtime package must carry itself.
     */
    public static List<Path> runtimeInterfaceClient() {
        return List.of(jarOf(AWSLambda.class), jarOf(PojoSerializer.class), jarOf(SdkInternalThreadLocal.class));
    }

    /** The runtime interface client's native library for Linux x86-64 (glibc). */
    public static InputStream runtimeInterfaceClientLibrary() {
        InputStream library = AWSLambda.class.getResourceAsStream(NATIVE_LIBRARY_RESOURCE);
        if (library == null) {
            throw new IllegalStateException("The runtime interface client has no " + NATIVE_LIBRARY_RESOURCE);
        }
        return library;
    }

    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            thaw();
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    reap();
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reap();
            }
        }
        api.close();
        if (cpuShare != null) {
            cpuShare.close();
        }
    }

    public static final class Builder {

        private final Path lambdaJar;

        private final Path packageRoot;

        private final String handler;

        private String functionName = "harness";

        private int memoryMb = 1024;

        private boolean snapStart;

        private boolean cpuShare = true;

        private final Map<String, String> variables = new LinkedHashMap<>();

        private Map<String, String> containerCredentials;

        private final List<String> jvmOptions = new ArrayList<>();

        private Builder(Path lambdaJar, Path packageRoot, String handler) {
            this.lambdaJar = lambdaJar;
            this.packageRoot = packageRoot;
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        public Builder functionName(String functionName) {
            this.functionName = functionName;
            return this;
        }

        /**
         * The function's memory setting (default 1,024 MB, the template's): its heap and
         * CPU share.
         */
        public Builder memoryMb(int memoryMb) {
            this.memoryMb = memoryMb;
            return this;
        }

        /**
         * SnapStart: the runtime runs the checkpoint hooks after init and waits to be
         * restored.
         */
        public Builder snapStart(boolean snapStart) {
            this.snapStart = snapStart;
            return this;
        }

        /** Whole cores instead of Lambda's CPU share (default: the share). */
        public Builder wholeCores() {
            this.cpuShare = false;
            return this;
        }

        /** A function environment variable, as the template sets them. */
        public Builder variable(String name, String value) {
            variables.put(name, value);
            return this;
        }

        public Builder variables(Map<String, String> variables) {
            this.variables.putAll(variables);
            return this;
        }

        /**
         * Credentials from a container credentials endpoint instead of the environment's
         * keys, as Lambda gives them to a function restored from a SnapStart snapshot.
         */
        public Builder containerCredentials(String fullUri, String authorizationToken) {
            this.containerCredentials = Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", fullUri,
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN", authorizationToken);
            return this;
        }

        /** An extra JVM option, as {@code JAVA_TOOL_OPTIONS} would add one. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** Starts the environment; its init phase runs in the background. */
        public LambdaEnvironment start() {
            try {
                return new LambdaEnvironment(this);
            }
            catch (IOException e) {
                throw new UncheckedIOException("Starting a Lambda environment", e);
            }
        }

    }

}
