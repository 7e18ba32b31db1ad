package dev.userfunctions.getuser;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.userfunctions.users.UserEvents;
import dev.userfunctions.aws.LambdaInvocations;
import dev.userfunctions.cache.CacheSettings;
import dev.userfunctions.cache.CacheAside;
import dev.userfunctions.cache.RedisClusterSettings;
import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.getuser.lambda.GetUserHandler;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static dev.userfunctions.aws.LambdaInvocations.fixture;
import static dev.userfunctions.aws.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One execution environment's clients are opened once and reused by every invocation;
 * building them per invocation, as the replaced app did, opens connections on every call.
 * Counted on the server side for Redis ({@code total_connections_received} on every node)
 * and in the kernel's TCP table for MongoDB. The figures go to
 * {@code target/connection-reuse.txt}.
 */
class ConnectionReuseIT {

    static final int INVOCATIONS = 1000;
    static final int FRESH_CLIENT_CALLS = 20;
    static EmbeddedStack stack;

    @BeforeAll
    static void seed() {
        // A stack of its own: other invokers in this JVM must not open connections to the
        // servers counted here.
        stack = EmbeddedStack.start();
        try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            var users = mongo.getDatabase("reuse_it").getCollection("users");
            users.drop();
            users.insertOne(new Document("name", "ly1").append("age", 1));
            users.insertOne(new Document("name", "ly2").append("age", 2));
        }
    }

    @Test
    void aThousandInvocationsThroughOneInvokerOpenNoConnectionAfterTheFirstAndFreshClientsDo() throws IOException {
        assumeTrue(TcpConnections.supported(),
                () -> Skipped.because("needs /proc/net/tcp (Linux) to count MongoDB connections"));
        RequestStreamHandler handler = LambdaInvocations.startHandler(GetUserHandler::new, stack.mongoUri(), "reuse_it",
                stack.redisSeeds());
        String hit = fixture("rest-api-v1.json", "ly1");
        String miss = fixture("rest-api-v1.json", "nobody-");
        assertThat(invoke(handler, hit).get("statusCode").asInt()).isEqualTo(200);

        long redisBefore = stack.redis().connectionsReceived();
        Set<Integer> mongoBefore = TcpConnections.clientPortsTo(stack.mongo().port());
        Set<Integer> mongoSeen = new HashSet<>(mongoBefore);
        for (int i = 0; i < INVOCATIONS; i++) {
            // Hits, and misses that go to MongoDB: both paths are exercised.
            String event = i % 10 == 0 ? miss.replace("nobody-", "nobody-" + i) : hit;
            assertThat(invoke(handler, event).get("statusCode").asInt()).isIn(200, 404);
            if (i % 50 == 0) {
                mongoSeen.addAll(TcpConnections.clientPortsTo(stack.mongo().port()));
            }
        }
        long redisOpenedByInvocations = stack.redis().connectionsReceived() - redisBefore - runningNodes();
        Set<Integer> mongoAfter = TcpConnections.clientPortsTo(stack.mongo().port());
        mongoSeen.addAll(mongoAfter);
        int mongoOpenedByInvocations = mongoSeen.size() - mongoBefore.size();

        long redisBeforeFresh = stack.redis().connectionsReceived();
        Set<Integer> mongoBeforeFresh = TcpConnections.clientPortsTo(stack.mongo().port());
        Set<Integer> mongoSeenFresh = new HashSet<>();
        for (int i = 0; i < FRESH_CLIENT_CALLS; i++) {
            mongoSeenFresh.addAll(callWithFreshClients());
        }
        mongoSeenFresh.removeAll(mongoBeforeFresh);
        long redisOpenedFresh = stack.redis().connectionsReceived() - redisBeforeFresh - runningNodes();

        String report = """
                Connection reuse, measured by ConnectionReuseIT (./mvnw -B verify -pl functions/get-user -am -Dit.test=ConnectionReuseIT -Dfailsafe.failIfNoSpecifiedTests=false)
                one handler, %d invocations after the first (90 %% cache hits, 10 %% misses to MongoDB):
                  Redis connections opened (total_connections_received over %d nodes): %d
                  MongoDB connections opened (kernel TCP table, sampled every 50 invocations): %d
                fresh clients per call, %d calls (ClusterConnection + MongoClient built, used once, closed):
                  Redis connections opened: %d (%.1f per call)
                  MongoDB connections opened: %d (%.1f per call)
                """
            .formatted(INVOCATIONS, runningNodes(), redisOpenedByInvocations, mongoOpenedByInvocations,
                    FRESH_CLIENT_CALLS, redisOpenedFresh, redisOpenedFresh / (double) FRESH_CLIENT_CALLS,
                    mongoSeenFresh.size(), mongoSeenFresh.size() / (double) FRESH_CLIENT_CALLS);
        System.out.print(report);
        Files.writeString(Path.of("target", "connection-reuse.txt"), report);

        assertThat(redisOpenedByInvocations).as("Redis connections opened by 1,000 invocations").isZero();
        assertThat(mongoOpenedByInvocations).as("MongoDB connections opened by 1,000 invocations").isZero();
        assertThat(mongoAfter).as("the same MongoDB connections before and after").isEqualTo(mongoBefore);
        assertThat(redisOpenedFresh).as("fresh clients open Redis connections on every call")
            .isGreaterThanOrEqualTo(FRESH_CLIENT_CALLS);
        assertThat(mongoSeenFresh.size()).as("fresh clients open MongoDB connections on every call")
            .isGreaterThanOrEqualTo(FRESH_CLIENT_CALLS);
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }

    private static long runningNodes() {
        return stack.redis().nodes().stream().filter(node -> node.isRunning()).count();
    }

    /**
     * What the replaced app did: clients built for the request and thrown away. Returns
     * MongoDB client ports seen.
     */
    private static Set<Integer> callWithFreshClients() {
        try (UserCache cache = UserCache.over(CacheAside.open(
                RedisClusterSettings.builder().seeds(stack.redisSeeds()).startupWait(Duration.ofSeconds(2)).build(),
                CacheSettings.named("fresh"), new SimpleMeterRegistry()), Duration.ofSeconds(10));
                MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            GetUserFunction getUser = new GetUserFunction(
                    new UserRepository(new MongoTemplate(mongo, "reuse_it"), UserEvents.NONE), cache);
            assertThat(getUser.answer("ly2").status()).isEqualTo(200);
            return TcpConnections.clientPortsTo(stack.mongo().port());
        }
    }

}
