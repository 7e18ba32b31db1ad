package dev.userfunctions.getuser.lambdaenv;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.userfunctions.cache.lease.LeaseProtocol;
import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.fixtures.FreezingProxy;
import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;
import dev.userfunctions.users.UserCacheKeys;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.bson.Document;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.answer;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.getUser;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.getUserEvent;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.status;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.xCache;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An environment reaped (SIGKILL) while it holds a lease, its load stuck on MongoDB: the
 * other environments' reads of that key wait at most the lease wait each, then load
 * without writing back, until the lease expires; the first value stored after that is the
 * current one, never what the reaped environment would have stored.
 */
class LambdaReapedEnvironmentIT {

    static final String NAME = "reaped1";

    @AutoClose
    static EmbeddedStack stack;

    @AutoClose
    static FreezingProxy stuckMongo;

    @AutoClose("shutdown")
    static RedisClusterClient redis;

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.start();
        stuckMongo = FreezingProxy.to(stack.mongo().port());
        redis = RedisClusterClient.create(
                Arrays.stream(stack.redisSeeds().split(",")).map(seed -> RedisURI.create("redis://" + seed)).toList());
    }

    @Test
    void aReapedLeaseHolderDelaysOthersByAtMostTheLeaseWaitAndNothingStaleIsStored() {
        try (MongoClient mongo = MongoClients.create(stack.mongoUri());
                StatefulRedisClusterConnection<String, String> keys = redis.connect();
                LambdaEnvironment doomed = getUser("mongodb://127.0.0.1:" + stuckMongo.port(), "reaped_it",
                        stack.redisSeeds())
                    .functionName("getUser-doomed")
                    .start();
                LambdaEnvironment survivor = getUser(stack.mongoUri(), "reaped_it", stack.redisSeeds())
                    .functionName("getUser-survivor")
                    .start()) {
            MongoCollection<Document> users = mongo.getDatabase("reaped_it").getCollection("users");
            users.insertOne(new Document("name", NAME).append("age", 1));
            doomed.awaitInit();
            survivor.awaitInit();
            // The doomed environment's pool connection exists, then stops carrying
            // anything.
            assertThat(status(doomed.invoke(getUserEvent("warm-up")))).isEqualTo(404);
            stuckMongo.freezeOpenConnections();

            CompletableFuture.runAsync(() -> doomed.invoke(getUserEvent(NAME)));
            String key = UserCacheKeys.byName(NAME);
            await("the doomed environment's lease").atMost(Duration.ofSeconds(30))
                .until(() -> keys.sync().exists(key) == 1);
            users.updateOne(Filters.eq("name", NAME), Updates.set("age", 2));
            doomed.reap();
            long leaseTakenBefore = System.nanoTime();

            List<Invocation> whileLeased = new ArrayList<>();
            Invocation stored;
            do {
                stored = survivor.invoke(getUserEvent(NAME));
                whileLeased.add(stored);
            }
            while (!xCache(stored).equals("HIT") && whileLeased.size() < 200);
            Duration leaseLasted = Duration.ofNanos(System.nanoTime() - leaseTakenBefore);
            Duration slowest = whileLeased.stream().map(Invocation::duration).max(Duration::compareTo).orElseThrow();
            System.out.printf(
                    "Reaped lease holder: %d reads until the first hit (%d ms, the lease's TTL is %d s); slowest %.1f ms "
                            + "(lease wait %d ms)%n",
                    whileLeased.size(), leaseLasted.toMillis(), LeaseProtocol.LEASE_TTL.toSeconds(),
                    slowest.toNanos() / 1e6, LeaseProtocol.LEASE_WAIT.toMillis());

            assertThat(whileLeased).extracting(GetUserEnvironments::status).containsOnly(200);
            assertThat(whileLeased).extracting(invocation -> answer(invocation).get("body").asString())
                .as("every answer is the current user")
                .allMatch(body -> body.contains("\"age\":2"));
            assertThat(xCache(stored)).as("a value is stored once the lease expired").isEqualTo("HIT");
            assertThat(slowest).as("each read waits at most the lease wait, plus its own load")
                .isLessThan(LeaseProtocol.LEASE_WAIT.plusMillis(750));
        }
    }

}
