package dev.userfunctions.customruntime;

import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.embedded.RedisNode;
import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;
import dev.userfunctions.users.UserCacheKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The getUser package as Lambda's OS-only runtime runs it: unpacked somewhere else than
 * where it was trained, {@code bootstrap} executed with the runtime's variables, at
 * Lambda's CPU share, frozen, thawed. Its cache is used (the JVM maps it and its
 * AOT-linked classes), a first invocation never bypasses the cache, a thaw opens no
 * connection, a master killed while frozen costs nothing, a bad setting fails the init
 * with its line; a jar changed since training starts without the cache, saying so, and
 * still answers.
 */
class CustomRuntimeIT {

    static final Path TARGET = Path.of("target");

    static final String HANDLER = "dev.userfunctions.getuser.lambda.GetUserHandler::handleRequest";

    static final Pattern X_CACHE = Pattern.compile("\"X-Cache\":\"(\\w+)\"");

    static final Pattern STATUS = Pattern.compile("\"statusCode\":(\\d+)");

    static EmbeddedStack stack;

    static String event;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isRegularFile(TARGET.resolve("get-user.zip")),
                () -> "Skipping: no custom-runtime package was built (" + LambdaEnvironment.noJava25("build one")
                        + ")");
        stack = EmbeddedStack.start();
        stack.mongo().insertUser("custom_runtime_it", "ly1", 1);
        event = Files.readString(Path.of("../get-user/src/test/resources/events/rest-api-v1.json"))
            .replace("NAME", "ly1");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static LambdaEnvironment.Builder getUser(Path packageRoot) {
        return LambdaEnvironment.osOnlyRuntime(packageRoot, HANDLER)
            .functionName("getUser")
            .variable("MONGODB_URI", stack.mongoUri())
            .variable("MONGODB_DATABASE", "custom_runtime_it")
            .variable("REDIS_NODES", stack.redisSeeds())
            .variable("LOGGING_LEVEL_DE_BWALDVOGEL", "warn");
    }

    private static Path unpacked(Path directory) throws IOException {
        return PackageZip.unpack(TARGET.resolve("get-user.zip"), directory);
    }

    @Test
    void coldStartsUseTheCacheAndAreServedThroughRedis(@TempDir Path elsewhere) throws IOException {
        Path packageRoot = unpacked(elsewhere);
        List<String> firstAnswers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (LambdaEnvironment environment = getUser(packageRoot).jvmOption("-Xlog:aot=info").start()) {
                Duration init = environment.awaitInit();
                Invocation first = environment.invoke(event);
                firstAnswers.add(status(first) + " " + xCache(first));
                System.out.printf("Cold start of the moved package (%s): init %d ms, %s%n", environment.describe(),
                        init.toMillis(), firstAnswers.get(i));
                assertThat(environment.output()).as("bootstrap's line")
                    .anyMatch(line -> line.startsWith("AOT cache: function.aot, trained on this package's jars"));
                assertThat(environment.output()).as("the JVM's own check")
                    .anyMatch(line -> line.contains("Opened AOT cache function.aot"))
                    .anyMatch(line -> line.contains("Using AOT-linked classes: true"))
                    .noneMatch(line -> line.contains("[error][aot]"));
            }
        }
        assertThat(firstAnswers).hasSize(3).isSubsetOf("200 HIT", "200 MISS");
    }

    @Test
    void aJarChangedSinceTrainingStartsWithoutTheCacheAndStillAnswers(@TempDir Path elsewhere) throws IOException {
        Path packageRoot = unpacked(elsewhere);
        Path jar = packageRoot.resolve("app/get-user-aws.jar");
        FileTime trained = Files.getLastModifiedTime(jar);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(trained.toMillis() + 2000));
        assertStartsWithoutTheCache(packageRoot, "app/get-user-aws.jar has changed since the cache was trained");

        Path grown = elsewhere.resolve("grown.jar");
        PackageZip.withAdded(jar, grown, new TreeMap<>(java.util.Map.of("extra.txt", jar)),
                Files.getLastModifiedTime(jar));
        Files.move(grown, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // The time it was trained with: the size alone differs.
        Files.setLastModifiedTime(jar, trained);
        assertStartsWithoutTheCache(packageRoot, "app/get-user-aws.jar has changed since the cache was trained");
    }

    private static void assertStartsWithoutTheCache(Path packageRoot, String reason) {
        try (LambdaEnvironment environment = getUser(packageRoot).wholeCores().jvmOption("-Xlog:aot=info").start()) {
            environment.awaitInit();
            Invocation first = environment.invoke(event);

            assertThat(environment.output()).as("bootstrap's line")
                .anyMatch(line -> line.startsWith("AOT cache: not used, " + reason));
            assertThat(environment.output()).as("no cache handed to the JVM")
                .noneMatch(line -> line.contains("Opened AOT cache"));
            assertThat(status(first)).isEqualTo(200);
        }
    }

    @Test
    void aThawedInvocationOpensNoConnectionAndAMasterKilledWhileFrozenCostsNothing(@TempDir Path elsewhere)
            throws IOException {
        Path packageRoot = unpacked(elsewhere);
        try (LambdaEnvironment environment = getUser(packageRoot).start()) {
            environment.awaitInit();
            environment.invoke(event);
            assertThat(xCache(environment.invoke(event))).isEqualTo("HIT");
            long redisBefore = stack.redis().connectionsReceived();
            for (Duration freeze : List.of(Duration.ofSeconds(1), Duration.ofSeconds(5))) {
                environment.freezeFor(freeze);
                Invocation thawed = environment.invoke(event);
                assertThat(status(thawed) + " " + xCache(thawed)).as("after a %s freeze", freeze).isEqualTo("200 HIT");
            }
            // Counting opens one connection per node, which the second count counts.
            long counting = stack.redis().nodes().stream().filter(RedisNode::isRunning).count();
            assertThat(stack.redis().connectionsReceived() - redisBefore - counting)
                .as("Redis connections opened by two thawed invocations")
                .isZero();

            RedisNode victim = stack.redis().masterOf(UserCacheKeys.byName("ly1"));
            environment.freeze();
            victim.kill();
            await("replica promoted").atMost(Duration.ofSeconds(30))
                .until(() -> stack.redis().masters().size() == 3 && !stack.redis().masters().contains(victim));
            environment.thaw();
            long thawedAt = System.nanoTime();
            Invocation first = environment.invoke(event);
            AtomicReference<Invocation> last = new AtomicReference<>();
            await("hits on the failed-over slot").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    last.set(environment.invoke(event));
                    return xCache(last.get()).equals("HIT");
                });
            Duration hitsBack = Duration.ofNanos(System.nanoTime() - thawedAt);

            assertThat(status(first)).isEqualTo(200);
            assertThat(first.duration()).as("the first invocation after the thaw").isLessThan(Duration.ofSeconds(1));
            assertThat(hitsBack).as("hits back after the thaw").isLessThan(Duration.ofSeconds(5));
        }
        finally {
            stack.redis().startAll();
        }
    }

    @Test
    void aBadSettingFailsTheInitWithItsLine(@TempDir Path elsewhere) throws IOException {
        Path packageRoot = unpacked(elsewhere);
        try (LambdaEnvironment environment = getUser(packageRoot).wholeCores().variable("CACHE_TTL", "0s").start()) {
            await("the init's failure").atMost(Duration.ofSeconds(60))
                .until(() -> environment.output().stream().anyMatch(line -> line.contains("CACHE_TTL=0s")));
            assertThat(environment.output())
                .anyMatch(line -> line.contains("CACHE_TTL=0s is not allowed: a duration from 1 s to 7 days"));
        }
    }

    static String xCache(Invocation invocation) {
        return group(X_CACHE, invocation.response());
    }

    static int status(Invocation invocation) {
        return Integer.parseInt(group(STATUS, invocation.response()));
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new AssertionError(pattern + " not in " + text);
        }
        return matcher.group(1);
    }

}
