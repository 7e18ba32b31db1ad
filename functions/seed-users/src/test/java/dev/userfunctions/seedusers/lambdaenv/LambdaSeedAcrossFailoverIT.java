package dev.userfunctions.seedusers.lambdaenv;

import dev.userfunctions.aws.LambdaInvocations;
import dev.userfunctions.embedded.EmbeddedMongo;
import dev.userfunctions.embedded.EmbeddedRedisCluster;
import dev.userfunctions.embedded.RedisNode;
import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;
import dev.userfunctions.users.UserCacheKeys;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A seed whose deletions fail because a master died (its slots have no master until the
 * replica is promoted) keeps retrying them within its time budget (SEED_TIME_BUDGET, 20 s
 * as in template.yaml), so once the replica serves the slots nothing the seed made stale
 * is left. The cluster's node timeout is 4 s here, so the promotion comes seconds into
 * the seed, within its budget.
 */
class LambdaSeedAcrossFailoverIT {

    static final Path LAMBDA_JAR = Path.of("target", "seed-users-aws.jar");

    static final int USERS = 300;

    static EmbeddedRedisCluster redis;

    static EmbeddedMongo mongo;

    static RedisClusterClient client;

    @BeforeAll
    static void start() {
        mongo = EmbeddedMongo.start();
        redis = EmbeddedRedisCluster.builder().clusterNodeTimeout(Duration.ofSeconds(4)).start();
        client = RedisClusterClient.create(Arrays.stream(redis.seeds().split(","))
            .map(seed -> RedisURI.create("redis://" + seed + "?timeout=2s"))
            .toList());
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        redis.close();
        mongo.close();
    }

    @Test
    void aSeedDuringAFailoverLeavesNothingStaleOnceTheReplicaIsPromoted() {
        List<String> keys = IntStream.range(0, USERS).mapToObj(i -> UserCacheKeys.byName("fo" + i)).toList();
        try (StatefulRedisClusterConnection<String, String> cache = client.connect();
                LambdaEnvironment seedUsers = LambdaEnvironment
                    .builder(LAMBDA_JAR, "dev.userfunctions.seedusers.lambda.SeedUsersHandler::handleRequest")
                    .functionName("seedUsers")
                    .variable("SEED_TIME_BUDGET", "20s")
                    .variable("MONGODB_URI", mongo.connectionString())
                    .variable("MONGODB_DATABASE", "seed_failover_it")
                    .variable("REDIS_NODES", redis.seeds())
                    .variable("LOGGING_LEVEL_DE_BWALDVOGEL", "warn")
                    .start()) {
            seedUsers.awaitInit();
            // Answers cached before the seed ("not found", as readers saw them): the
            // seed must delete every one.
            keys.forEach(key -> cache.sync().set(key, "cached before the seed", SetArgs.Builder.ex(300)));
            RedisNode victim = redis.masterOf(keys.get(0));
            long onVictim = keys.stream().filter(key -> redis.masterOf(key).equals(victim)).count();

            victim.kill();
            Invocation seed = seedUsers.invoke(LambdaInvocations.fixtureWithBody("rest-api-v1.json",
                    "{\"prefix\":\"fo\",\"count\":" + USERS + "}"));
            JsonNode answer = LambdaInvocations.JSON.readTree(seed.response());
            JsonNode body = LambdaInvocations.JSON.readTree(answer.get("body").asString());
            await("replica promoted").atMost(Duration.ofSeconds(30))
                .until(() -> redis.masters().size() == 3 && !redis.masters().contains(victim));
            // This test's own client learns the new layout, then asks the new master.
            client.refreshPartitions();
            long left = keys.stream().filter(key -> cache.sync().exists(key) == 1).count();
            System.out.printf(
                    "Seed across a failover: %d of %d keys on the killed master; answered %d in %d ms: %s; "
                            + "entries left after the promotion: %d%n",
                    onVictim, USERS, answer.get("statusCode").asInt(), seed.duration().toMillis(), body, left);

            assertThat(answer.get("statusCode").asInt()).isEqualTo(200);
            assertThat(body.get("invalidationFailures").asLong()).as("cache entries the seed could not delete")
                .isZero();
            assertThat(left).as("entries the seed made stale, left once the replica serves their slots").isZero();
        }
        finally {
            redis.startAll();
        }
    }

}
