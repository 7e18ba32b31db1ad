package dev.userfunctions.getuser.lambdaenv;

import com.mongodb.client.MongoClient;
import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.fixtures.FreezingProxy;
import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;
import dev.userfunctions.harness.Thaws;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.getUser;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.getUserEvent;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.status;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.xCache;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * getUser's environments frozen between invocations at Lambda's CPU share, as Lambda
 * freezes them: a thawed invocation opens no Redis and no MongoDB connection, after
 * freezes of 1 s, 15 s and 45 s (three environments side by side, each thawed after each
 * length), while the topology is unchanged. Redis connections are counted by the nodes
 * ({@code total_connections_received}), MongoDB's by a proxy in front of it. The figures
 * go to {@code target/lambda-thaw.txt}.
 */
class LambdaThawIT {

    static final List<Duration> FREEZES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(15),
            Duration.ofSeconds(45));

    static final int ENVIRONMENTS = 3;

    @AutoClose
    static EmbeddedStack stack;

    /** Counts the connections the environments open to MongoDB. */
    @AutoClose
    static FreezingProxy mongo;

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.start();
        mongo = FreezingProxy.to(stack.mongo().port());
    }

    @Test
    void aThawedInvocationOpensNoConnection() throws IOException {
        stack.mongo().insertUser("thaw_it", "ly1", 1);
        long redisBeforeInit = stack.redis().connectionsReceived();
        int mongoBeforeInit = mongo.connectionsAccepted();
        List<LambdaEnvironment> environments = new ArrayList<>();
        for (int i = 0; i < ENVIRONMENTS; i++) {
            environments.add(getUser("mongodb://127.0.0.1:" + mongo.port(), "thaw_it", stack.redisSeeds())
                .functionName("getUser-" + i)
                // The driver logs its client metadata, where it says which FaaS it
                // detected.
                .variable("LOGGING_LEVEL_ORG_MONGODB_DRIVER_CLIENT", "info")
                .start());
        }
        try {
            List<Duration> warm = Thaws.warm(environments, getUserEvent("ly1"), 20);
            long redisAfterInit = stack.redis().connectionsReceived();
            long redisAtInit = redisAfterInit - redisBeforeInit - countingConnections();
            int mongoAtInit = mongo.connectionsAccepted() - mongoBeforeInit;

            Map<Duration, List<Invocation>> thawed = Thaws.sideBySide(environments, FREEZES, getUserEvent("ly1"));
            long redisByThaws = stack.redis().connectionsReceived() - redisAfterInit - countingConnections();
            int mongoByThaws = mongo.connectionsAccepted() - mongoBeforeInit - mongoAtInit;

            String report = report(environments.get(0), redisAtInit, mongoAtInit, warm, thawed, redisByThaws,
                    mongoByThaws);
            System.out.print(report);
            Files.writeString(Path.of("target", "lambda-thaw.txt"), report);

            for (List<Invocation> invocations : thawed.values()) {
                assertThat(invocations).extracting(GetUserEnvironments::status).containsOnly(200);
                assertThat(invocations).extracting(GetUserEnvironments::xCache).containsOnly("HIT");
            }
            assertThat(thawed.values().stream().mapToInt(List::size).sum()).isEqualTo(ENVIRONMENTS * FREEZES.size());
            assertThat(redisByThaws)
                .as("Redis connections opened by %d thawed invocations", ENVIRONMENTS * FREEZES.size())
                .isZero();
            assertThat(mongoByThaws).as("MongoDB connections opened by thawed invocations").isZero();
            for (LambdaEnvironment environment : environments) {
                assertThat(environment.output())
                    .as("the MongoDB driver detects Lambda (its FaaS behaviour: polling monitoring, one monitor "
                            + "connection)")
                    .anyMatch(line -> line.contains("MongoClient with metadata") && line.contains("aws.lambda"));
            }
        }
        finally {
            environments.forEach(LambdaEnvironment::close);
        }
    }

    private static String report(LambdaEnvironment environment, long redisAtInit, int mongoAtInit, List<Duration> warm,
            Map<Duration, List<Invocation>> thawed, long redisByThaws, int mongoByThaws) {
        return """
                Thawed invocations, measured by LambdaThawIT (./mvnw -B verify -pl functions/get-user -am -Dit.test=LambdaThawIT -Dfailsafe.failIfNoSpecifiedTests=false)
                %s
                connections at init, per environment (%d started at once): Redis %.1f, MongoDB %.1f
                warm invocation (hit), median of %d: %.2f ms
                %s
                connections opened by the %d thawed invocations: Redis %d, MongoDB %d
                """
            .formatted(environment.describe(), ENVIRONMENTS, redisAtInit / (double) ENVIRONMENTS,
                    mongoAtInit / (double) ENVIRONMENTS, warm.size(), medianMillis(warm),
                    FREEZES.stream()
                        .map(freeze -> "after a %d s freeze (hit), median of %d: %.2f ms".formatted(freeze.toSeconds(),
                                thawed.get(freeze).size(),
                                medianMillis(thawed.get(freeze).stream().map(Invocation::duration).toList())))
                        .collect(Collectors.joining("\n")),
                    ENVIRONMENTS * FREEZES.size(), redisByThaws, mongoByThaws);
    }

    /**
     * The connections {@code connectionsReceived()} opens to count (one per node), which
     * it counts.
     */
    private static long countingConnections() {
        return stack.redis().nodes().stream().filter(node -> node.isRunning()).count();
    }

    private static double medianMillis(List<Duration> durations) {
        List<Duration> sorted = durations.stream().sorted().toList();
        return sorted.get(sorted.size() / 2).toNanos() / 1e6;
    }

}
