package dev.userfunctions.cache.lease;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interleaving explorer catches a broken protocol: each mutant is the production
 * source with one rule broken, compiled here and run through every scenario of
 * {@link ExploredScenarios} in a class loader of its own, and must be seen violating an
 * invariant. The unmutated source, run the same way, must not. A mutation whose original
 * text is no longer in the source fails the test, so the mutants follow the code.
 */
class LeaseProtocolMutationTest {

    private static final String PACKAGE = "dev/userfunctions/cache/lease/";

    private static final List<Mutation> MUTANTS = List.of(
            new Mutation("the compare-and-set write-back replaced by a plain SET", "LeaseProtocol.java",
                    "stored = store.compareAndSet(key, expected, bytes, lifetime);",
                    "stored = store.compareAndSet(key, store.get(key), bytes, lifetime);"),
            new Mutation("the joiner's freshness check removed", "SingleFlight.java",
                    "return leaders.freshAsOf() - joinedAt >= 0 ? leaders : readAgain.get();", "return leaders;"),
            new Mutation("the lease not deleted by invalidation", "Invalidation.java",
                    "CacheStore.Deletion deletion = store.delete(pending);",
                    "CacheStore.Deletion deletion = store.delete(pending.stream().filter(key -> {"
                            + " byte[] held = store.get(key); return held == null || !LeaseProtocol.isLease(held);"
                            + " }).toList());"));

    @TestFactory
    Stream<DynamicTest> everyMutantViolatesAnInvariant() {
        return MUTANTS.stream().map(mutation -> DynamicTest.dynamicTest(mutation.name(), () -> {
            String violation = runScenarios(mutation);
            System.out.printf("mutant '%s' caught: %s%n", mutation.name(), violation);
            assertThat(violation).as("a violation by the mutant '%s'", mutation.name()).isNotNull();
        }));
    }

    @TestFactory
    Stream<DynamicTest> theUnmutatedSourceRunTheSameWayViolatesNothing() {
        Mutation none = new Mutation("none", "LeaseProtocol.java", "public final class LeaseProtocol",
                "public final class LeaseProtocol");
        return Stream.of(DynamicTest.dynamicTest("control", () -> assertThat(runScenarios(none)).isNull()));
    }

    private static String runScenarios(Mutation mutation) throws Exception {
        Path source = Path.of("src/main/java", PACKAGE, mutation.file());
        String text = Files.readString(source, StandardCharsets.UTF_8);
        assertThat(text.split(Pattern.quote(mutation.original()), -1))
            .as("'%s' occurs exactly once in %s", mutation.original(), source)
            .hasSize(2);
        Path work = Files.createTempDirectory("mutant");
        Path mutant = work.resolve("src").resolve(PACKAGE).resolve(mutation.file());
        Files.createDirectories(mutant.getParent());
        Files.writeString(mutant, text.replace(mutation.original(), mutation.mutated()), StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(work.resolve("classes"));
        compile(mutant, classes);
        try (URLClassLoader loader = new ChildFirst(new URL[] { classes.toUri().toURL(),
                locationOf(LeaseProtocol.class), locationOf(ExploredScenarios.class) },
                LeaseProtocolMutationTest.class.getClassLoader())) {
            Method firstViolation = loader.loadClass(ExploredScenarios.class.getName())
                .getDeclaredMethod("firstViolation");
            firstViolation.setAccessible(true);
            return (String) firstViolation.invoke(null);
        }
    }

    private static void compile(Path source, Path classes) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = compiler.run(null, errors, errors, "-proc:none", "-nowarn", "-cp", classPath, "-d",
                classes.toString(), source.toString());
        assertThat(status).as("the mutant compiles: %s", errors.toString(StandardCharsets.UTF_8)).isZero();
    }

    private static URL locationOf(Class<?> type) throws MalformedURLException {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    private record Mutation(String name, String file, String original, String mutated) {
    }

    /** Loads the cache's own classes from its URLs first (the mutant's first of all). */
    private static final class ChildFirst extends URLClassLoader {

        ChildFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.userfunctions.cache.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    try {
                        loaded = findClass(name);
                    }
                    catch (ClassNotFoundException e) {
                        loaded = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

    }

}
