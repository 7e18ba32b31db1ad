package dev.userfunctions.getuser;

import com.amazonaws.services.lambda.crac.Context;
import com.amazonaws.services.lambda.crac.Core;
import com.amazonaws.services.lambda.crac.Resource;
import dev.userfunctions.aws.LambdaInvocations;
import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.getuser.lambda.GetUserHandler;
import dev.userfunctions.users.UserCacheKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static dev.userfunctions.aws.LambdaInvocations.fixture;
import static dev.userfunctions.aws.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SnapStart hooks, called by the Lambda runtime's own CRaC context
 * (aws-lambda-java-runtime-interface-client, whose {@code Core} the runtime makes
 * org.crac's global context with {@code -Dorg.crac.Core.Compat}, as this module's
 * failsafe configuration does), around invocations through the getUser handler: the
 * checkpoint closes every connection, the restore reopens them, the first invocation
 * after it is served through the cache, and nothing is leaked. Counted on a stack of its
 * own. The hooks' durations go to target/snapstart.txt.
 */
class SnapStartIT {

    private static EmbeddedStack stack;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue("com.amazonaws.services.lambda.crac".equals(System.getProperty("org.crac.Core.Compat")),
                () -> Skipped.because(
                        "runs with -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac (this module's failsafe configuration)"));
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                () -> Skipped.because("the runtime's native library is loaded for linux-x86_64 here"));
        loadRuntimeNativeLibrary();
        stack = EmbeddedStack.start();
        stack.mongo().insertUser("snapstart_it", "ly1", 1);
    }

    /**
     * The runtime loads its JNI library at start-up; its CRaC context needs it (to clear
     * the DNS cache).
     */
    private static void loadRuntimeNativeLibrary() throws IOException {
        Path library = Files.createTempFile("aws-lambda-jni", ".so");
        try (InputStream in = Core.class.getResourceAsStream("/jni/libaws-lambda-jni.linux-x86_64.so")) {
            assertThat(in).as("the runtime interface client ships its JNI library").isNotNull();
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
        }
        System.load(library.toAbsolutePath().toString());
        library.toFile().deleteOnExit();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void afterARestoreTheFirstInvocationIsServedThroughTheCacheAndNoConnectionIsLeaked() throws Exception {
        long replicationLinks = settledConnectedClients();
        RequestStreamHandler handler = LambdaInvocations.startHandler(GetUserHandler::new, stack.mongoUri(),
                "snapstart_it", stack.redisSeeds());
        String event = fixture("rest-api-v1.json", "ly1");
        assertThat(cacheOutcome(invoke(handler, event))).isEqualTo("MISS");
        assertThat(cacheOutcome(invoke(handler, event))).isEqualTo("HIT");
        long redisBefore = stack.redis().connectedClients();
        int mongoBefore = TcpConnections.clientPortsTo(stack.mongo().port()).size();
        assertThat(redisBefore - replicationLinks).as("the function's connections to the masters")
            .isGreaterThanOrEqualTo(3);
        assertThat(mongoBefore).isPositive();

        Context<Resource> runtime = Core.getGlobalContext();
        long checkpointStart = System.nanoTime();
        runtime.beforeCheckpoint(null);
        Duration checkpoint = Duration.ofNanos(System.nanoTime() - checkpointStart);

        // The nodes count a closed connection until they have read its end.
        await().atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(50))
            .untilAsserted(() -> assertThat(stack.redis().connectedClients())
                .as("no Redis connection in the snapshot, only the replicas' links")
                .isEqualTo(replicationLinks));
        assertThat(TcpConnections.clientPortsTo(stack.mongo().port())).as("no MongoDB connection in the snapshot")
            .isEmpty();
        assertThat(primedEntryExists()).as("primed through getUser before the snapshot").isTrue();

        long restoreStart = System.nanoTime();
        runtime.afterRestore(null);
        Duration restore = Duration.ofNanos(System.nanoTime() - restoreStart);
        JsonNode first = invoke(handler, event);

        assertThat(first.get("statusCode").asInt()).isEqualTo(200);
        assertThat(cacheOutcome(first)).as("the first invocation after the restore goes through the cache")
            .isEqualTo("HIT");
        // The restore's short-lived topology connections may still be closing.
        await().atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(50))
            .untilAsserted(() -> assertThat(stack.redis().connectedClients())
                .as("as many Redis connections as before: none leaked")
                .isEqualTo(redisBefore));
        assertThat(TcpConnections.clientPortsTo(stack.mongo().port()).size()).as("no MongoDB connection leaked")
            .isLessThanOrEqualTo(mongoBefore);
        assertThat(restore).as("the runtime gives afterRestore 10 s").isLessThan(Duration.ofSeconds(10));

        String report = """
                SnapStart hooks, measured by SnapStartIT (./mvnw -B verify -pl functions/get-user -am -Dit.test=SnapStartIT -Dfailsafe.failIfNoSpecifiedTests=false)
                  beforeCheckpoint (priming getUser, closing the Redis and MongoDB connections): %d ms
                  afterRestore (reopening both, waiting for the Redis Cluster connection): %d ms
                """
            .formatted(checkpoint.toMillis(), restore.toMillis());
        System.out.print(report);
        Files.writeString(Path.of("target", "snapstart.txt"), report);
    }

    /**
     * The nodes' client count once it stops changing: right after the cluster's start the
     * replicas' links are still being made and the set-up's connections closed, and a
     * single sample on a busy machine caught either.
     */
    private static long settledConnectedClients() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        long previous = stack.redis().connectedClients();
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            long current = stack.redis().connectedClients();
            if (current == previous) {
                return current;
            }
            previous = current;
        }
        throw new AssertionError("The Redis Cluster's client count did not settle within 15 s");
    }

    private static String cacheOutcome(JsonNode answer) {
        return answer.get("headers").get("X-Cache").asString();
    }

    private static boolean primedEntryExists() {
        return stack.redis().exists(UserCacheKeys.byName("snapstart-priming-"));
    }

}
