package dev.userfunctions.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What ships holds the project's own classes only from the packages of the production
 * code, on the allow-lists below: no test support (the Lambda harness, the tests' stack
 * and fixtures, moto) in a function's Lambda jar or in the local server's jar. Read from
 * the jars the package phase built.
 */
class ProductionJarsIT {

    private static final String OWN = "dev/userfunctions/";

    @ParameterizedTest
    @CsvSource({ "get-user,   answers aws cache users getuser", "seed-users, answers aws cache users seedusers",
            "count-users, answers aws cache users countusers" })
    void aFunctionsLambdaJarHoldsOnlyItsPathsPackages(String function, String allowed) throws IOException {
        Path jar = built("functions/" + function + "/target/" + function + "-aws.jar");

        assertThat(ownPackages(jar)).isNotEmpty().isSubsetOf(Set.of(allowed.split(" ")));
    }

    @Test
    void theLocalServersJarHoldsTheFunctionsAndTheEmbeddedDefaultOnly() throws IOException {
        Path jar = built("functions/local/local-server/target/local-server.jar");

        assertThat(ownPackages(jar)).contains("local", "embedded")
            .isSubsetOf(Set.of("answers", "cache", "users", "getuser", "seedusers", "countusers", "local", "embedded"));
    }

    private static Path built(String relative) {
        Path jar = TemplateTest.ROOT.resolve(relative);
        assumeTrue(Files.exists(jar), () -> Tools.skipped(relative + " is not built (the package phase builds it)"));
        return jar;
    }

    /**
     * The first package level below dev.userfunctions of every class in {@code jar} and
     * in the jars nested in it (a Spring Boot jar's BOOT-INF/lib).
     */
    private static Set<String> ownPackages(Path jar) throws IOException {
        Set<String> packages = new TreeSet<>();
        try (InputStream in = Files.newInputStream(jar)) {
            collect(new JarInputStream(in), packages);
        }
        return packages;
    }

    private static void collect(JarInputStream jar, Set<String> packages) throws IOException {
        for (JarEntry entry = jar.getNextJarEntry(); entry != null; entry = jar.getNextJarEntry()) {
            String name = entry.getName().replaceFirst("^BOOT-INF/classes/", "");
            if (name.endsWith(".jar")) {
                collect(new JarInputStream(jar), packages);
            }
            else if (name.startsWith(OWN) && name.endsWith(".class")) {
                String below = name.substring(OWN.length());
                packages.add(below.substring(0, below.indexOf('/') < 0 ? 0 : below.indexOf('/')));
            }
        }
    }

}
