package dev.userfunctions.customruntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The JDK a package carries: a run-time image of a Temurin 25 made with that JDK's own
 * {@code jlink} (which links from its run-time image, no jmods needed), holding the
 * modules {@code jdeps} finds the jars use, plus those the code loads by name, which
 * {@code jdeps} cannot see.
 */
final class RuntimeImage {

    /**
     * Loaded by name: {@code jdk.naming.dns}, the JNDI DNS provider the MongoDB driver
     * resolves {@code mongodb+srv://} seed lists with; {@code jdk.net}, whose extended
     * socket options (TCP keep-alive idle, interval and count) Lettuce looks up to keep
     * its connections checked, and refuses to connect without; {@code jdk.crypto.ec},
     * where a JDK still has it, for TLS's elliptic-curve key exchange (JDK 22 and later
     * keep it in {@code java.base}). {@code jdk.crypto.cryptoki} is not needed (no
     * PKCS#11 device).
     */
    static final List<String> LOADED_BY_NAME = List.of("jdk.naming.dns", "jdk.net", "jdk.crypto.ec");

    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(5);

    private RuntimeImage() {
    }

    /**
     * Links the image for {@code jars} from the JDK at {@code jdkHome} into {@code image}
     * (replaced when it exists).
     * @return the modules it holds
     */
    static List<String> link(Path jdkHome, List<Path> jars, Path image) throws IOException {
        List<String> modules = new ArrayList<>(modulesUsedBy(jdkHome, jars));
        List<String> available = run(jdkHome.resolve("bin/java").toString(), "--list-modules").lines()
            .map(line -> line.split("@")[0])
            .toList();
        LOADED_BY_NAME.stream()
            .filter(available::contains)
            .filter(module -> !modules.contains(module))
            .forEach(modules::add);
        PackageZip.deleteTree(image);
        // No default CDS archive (29 MB a package, against Lambda's 250 MB unpacked): the
        // package's AOT cache holds the JDK's classes too. The build's names go in the
        // release file, which otherwise holds JAVA_VERSION alone: an operator (and
        // aws/deploy.sh) reads there which JDK build a package carries.
        run(jdkHome.resolve("bin/jlink").toString(), "--add-modules", String.join(",", modules), "--strip-debug",
                "--no-header-files", "--no-man-pages", "--release-info", "add:" + buildNames(jdkHome), "--output",
                image.toString());
        return modules;
    }

    /**
     * The JDK's implementor and runtime version, from its release file, as jlink's
     * {@code --release-info add:} takes them.
     */
    private static String buildNames(Path jdkHome) throws IOException {
        return Files.readAllLines(jdkHome.resolve("release"))
            .stream()
            .filter(line -> line.startsWith("IMPLEMENTOR=") || line.startsWith("IMPLEMENTOR_VERSION=")
                    || line.startsWith("JAVA_RUNTIME_VERSION="))
            .collect(Collectors.joining(":"));
    }

    /** What {@code jdeps} finds the jars need, as one sorted list. */
    static List<String> modulesUsedBy(Path jdkHome, List<Path> jars) throws IOException {
        List<String> command = new ArrayList<>(List.of(jdkHome.resolve("bin/jdeps").toString(), "--print-module-deps",
                "--ignore-missing-deps", "--multi-release", "25", "-quiet"));
        jars.forEach(jar -> command.add(jar.toString()));
        String printed = run(command.toArray(String[]::new)).strip();
        return Arrays.stream(printed.substring(printed.lastIndexOf('\n') + 1).split(","))
            .map(String::strip)
            .filter(module -> !module.isEmpty())
            .collect(Collectors.toCollection(TreeSet::new))
            .stream()
            .toList();
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(command[0] + " did not finish within " + TOOL_TIMEOUT);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted while running " + command[0], e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + output);
        }
        return output;
    }

}
