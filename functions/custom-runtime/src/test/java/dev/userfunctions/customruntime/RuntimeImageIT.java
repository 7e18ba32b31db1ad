package dev.userfunctions.customruntime;

import dev.userfunctions.harness.LambdaEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packages' run-time image holds every module {@code jdeps} finds the three jars use,
 * and what the code loads by name works on it: JNDI's DNS provider
 * ({@code mongodb+srv://}) and TLS 1.3 with elliptic curves.
 */
class RuntimeImageIT {

    static final Path IMAGE = Path.of("target", "jdk");

    @BeforeAll
    static void built() {
        assumeTrue(Files.isExecutable(IMAGE.resolve("bin/java")),
                () -> "Skipping: no run-time image was linked (" + LambdaEnvironment.noJava25("link one") + ")");
    }

    @Test
    void theImageHoldsWhatJdepsFindsAndWhatIsLoadedByName() throws IOException, InterruptedException {
        // getUser's jar alone: the three share every library, and jdeps takes seconds a
        // jar.
        Path getUserJar = FunctionPackage.all(Path.of("../..").toAbsolutePath().normalize()).get(0).jar();
        List<String> used = RuntimeImage.modulesUsedBy(LambdaEnvironment.java25Home().orElseThrow(),
                List.of(getUserJar));
        List<String> linked = run(IMAGE.resolve("bin/java").toString(), "--list-modules").lines()
            .map(line -> line.split("@")[0])
            .toList();

        assertThat(used).contains("java.base", "java.naming", "jdk.unsupported");
        assertThat(linked).containsAll(used).contains("jdk.naming.dns", "jdk.net", "jdk.crypto.ec");
    }

    @Test
    void whatTheCodeLoadsByNameWorksThere() throws IOException, InterruptedException {
        String output = run(IMAGE.resolve("bin/java").toString(), "-cp", "target/test-classes",
                ImageCheck.class.getName());

        assertThat(output).contains("dns: ok").contains("TLSv1.3").contains("TLS_AES_128_GCM_SHA256");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

}
