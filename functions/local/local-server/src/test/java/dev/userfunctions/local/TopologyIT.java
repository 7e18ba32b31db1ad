package dev.userfunctions.local;

import dev.userfunctions.embedded.RedisNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.userfunctions.local.HttpClientSupport.get;
import static dev.userfunctions.local.HttpClientSupport.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /} on the embedded stack: the Redis Cluster's shape (three masters with a
 * replica each, 16384 slots) and MongoDB's (standalone here: no shards), answered quickly
 * also with a master killed and with every Redis node down, and never with a credential
 * in it. (The sharded MongoDB parts are read from recorded replies in ShardCountsTest: no
 * sharded server runs here.)
 */
class TopologyIT extends LocalServerTestBase {

    private static final Duration QUICK = Duration.ofSeconds(2);

    @AfterEach
    void healTheCluster() {
        stack().redis().nodes().forEach(node -> {
            if (!node.isRunning()) {
                node.start();
            }
        });
        stack().redis().awaitHealthy(Duration.ofSeconds(30));
        await("the server uses every master again").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> {
                // A master's breaker probes on the next request for one of its slots: ask
                // for names on every master.
                for (int i = 0; i < 50; i++) {
                    get(port, "/getUser/ly" + i);
                }
                JsonNode redis = topology().get("redis");
                return redis.get("cache").asString().equals("in use") && redis.get("slotsServed").asInt() == 16384;
            });
    }

    private JsonNode topology() {
        long start = System.nanoTime();
        HttpResponse<String> response = get(port, "/");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("GET / answers quickly").isLessThan(QUICK);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    @Test
    void showsBothClustersShapes() {
        postJson(port, "/seedUsers", "{\"count\": 10}");

        JsonNode topology = topology();

        assertThat(topology.get("functions").get("names").toString()).contains("getUser", "seedUsers", "countUsers");
        JsonNode mongodb = topology.get("mongodb");
        assertThat(mongodb.get("status").asString()).isEqualTo("up");
        assertThat(mongodb.get("topology").asString()).isEqualTo("standalone");
        assertThat(mongodb.get("database").asString()).isEqualTo("local_server_it");
        assertThat(mongodb.get("users").asLong()).isEqualTo(10);
        assertThat(mongodb.get("shards").isNull()).as("not sharded").isTrue();
        JsonNode redis = topology.get("redis");
        assertThat(redis.get("cache").asString()).isEqualTo("in use");
        assertThat(redis.get("slotsServed").asInt()).isEqualTo(16384);
        assertThat(redis.get("masters").size()).isEqualTo(3);
        redis.get("masters").forEach(master -> {
            assertThat(master.get("replicas").size()).as("replicas of " + master.get("address")).isEqualTo(1);
            assertThat(master.get("failed").asBoolean()).isFalse();
            assertThat(master.get("slots").asInt()).isPositive();
        });
    }

    @Test
    void aKilledMasterIsShownFailedOverAndTheAnswerStaysQuick() {
        RedisNode victim = stack().redis().masters().get(0);
        victim.kill();

        await("the topology shows the failover").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> {
                for (int i = 0; i < 20; i++) {
                    get(port, "/getUser/ly" + i); // the failures trigger Lettuce's
                                                  // adaptive topology refresh
                }
                JsonNode redis = topology().get("redis");
                boolean victimServes = false;
                for (JsonNode master : redis.get("masters")) {
                    victimServes |= master.get("address").asString().endsWith(":" + victim.port())
                            && !master.get("failed").asBoolean();
                }
                return !victimServes && redis.get("slotsServed").asInt() == 16384;
            });
    }

    @Test
    void withEveryRedisNodeDownTheAnswerIsQuickAndSaysTheCacheIsBypassed() {
        stack().redis().stopAll();
        for (int i = 0; i < 30; i++) {
            assertThat(get(port, "/getUser/ly" + (i % 5)).statusCode()).isIn(200, 404, 503);
        }

        JsonNode redis = topology().get("redis");

        assertThat(redis.get("cache").asString()).isIn("bypassed", "partly bypassed");
    }

    @Test
    void neverShowsACredential() {
        SpringApplication application = new SpringApplication(LocalServerApplication.class);
        try (ConfigurableApplicationContext context = application.run("--server.port=0",
                "--mongodb.uri=mongodb://admin:s3cret-pass@127.0.0.1:" + stack().mongo().port() + "/?authSource=admin",
                "--redis.nodes=" + stack().redisSeeds(), "--redis.password=red1s-secret")) {
            int otherPort = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpResponse<String> response = get(otherPort, "/");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).doesNotContain("s3cret-pass")
                .doesNotContain("admin:")
                .doesNotContain("red1s-secret");
        }
    }

}
