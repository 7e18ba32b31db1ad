package dev.userfunctions.cache;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.userfunctions.embedded.EmbeddedRedisCluster;
import dev.userfunctions.embedded.RedisNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failover on a cluster with Redis's default {@code cluster-require-full-coverage yes}:
 * from the moment the dead master is failed until its replica is promoted, every node
 * answers every command {@code CLUSTERDOWN}. Reads of a healthy master's keys are BYPASS
 * then, and that master's breaker stays closed: the cluster's state is no node's failure,
 * so its keys are hits again as soon as the cluster is, not a cool-down later.
 */
class ClusterDownIT {

    private static final ValueCodec<String> CODEC = JsonValueCodec.of(String.class);

    private static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().requireFullCoverage(true).start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aClusterDownWindowBypassesWithoutOpeningAHealthyMastersBreaker() {
        CapturedLog breakerLog = CapturedLog.of(NodeBreakers.class);
        List<CacheOutcome> outcomes = new ArrayList<>();
        String healthyAddress;
        try (ClusterConnection connection = ClusterConnection
            .open(RedisClusterSettings.builder().seeds(cluster.seeds()).build())) {
            assertThat(connection.awaitStartup()).isTrue();
            CacheAside cache = ClusterCacheAside.withMeters(connection, CacheSettings.named("users"),
                    new SimpleMeterRegistry());
            String victimKey = "users:v1:down-" + UUID.randomUUID();
            RedisNode victim = cluster.masterOf(victimKey);
            String healthyKey = keyNotOn(victim);
            healthyAddress = cluster.masterOf(healthyKey).address();
            cache.getOrLoad(healthyKey, CODEC, () -> Optional.of("ly1"));
            assertThat(cache.getOrLoad(healthyKey, CODEC, () -> Optional.of("ly1")).outcome())
                .isEqualTo(CacheOutcome.HIT);

            victim.kill();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean down = false;
            while (System.nanoTime() < deadline) {
                CacheOutcome outcome = cache.getOrLoad(healthyKey, CODEC, () -> Optional.of("ly1")).outcome();
                outcomes.add(outcome);
                down |= outcome == CacheOutcome.BYPASS;
                if (down && outcome == CacheOutcome.HIT) {
                    break;
                }
                pause();
            }
        }
        finally {
            breakerLog.close();
        }
        long bypassed = outcomes.stream().filter(outcome -> outcome == CacheOutcome.BYPASS).count();
        System.out.printf("CLUSTERDOWN window: %d reads of a healthy master's key bypassed, then %s%n", bypassed,
                outcomes.get(outcomes.size() - 1));

        assertThat(bypassed).as("reads during the CLUSTERDOWN window bypassed").isPositive();
        assertThat(outcomes.get(outcomes.size() - 1)).as("hits again once the cluster is").isEqualTo(CacheOutcome.HIT);
        assertThat(breakerLog.events()).extracting(ILoggingEvent::getFormattedMessage)
            .as("the healthy master's breaker stayed closed")
            .noneMatch(line -> line.contains(healthyAddress) && line.contains("bypassing it"));
    }

    private static String keyNotOn(RedisNode node) {
        while (true) {
            String key = "users:v1:down-" + UUID.randomUUID();
            if (cluster.masterOf(key) != node) {
                return key;
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
