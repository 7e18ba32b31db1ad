package dev.userfunctions.cache;

import dev.userfunctions.embedded.EmbeddedRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SnapStart race: Redis unreachable at init, so the connector has a retry scheduled;
 * Redis reachable again while the checkpoint runs. {@link ClusterConnection#suspend()}
 * must cancel that retry, or the snapshot holds a connection from before it; after
 * {@link ClusterConnection#resume()} a new connection serves. A cluster of its own, since
 * this test stops every node.
 */
class SuspendWhileReconnectingIT {

    /** Longer than the connector's longest pause between attempts (5 s). */
    private static final Duration LONGER_THAN_ANY_RETRY = Duration.ofSeconds(6);

    private static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.builder().masters(3).replicasPerMaster(0).start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aRetryScheduledBeforeTheCheckpointConnectsNothingUntilTheRestore() throws Exception {
        cluster.stopAll();
        try (ClusterConnection connection = ClusterConnection
            .open(RedisClusterSettings.builder().seeds(cluster.seeds()).startupWait(Duration.ofMillis(300)).build())) {
            assertThat(connection.current()).as("Redis unreachable at init").isEmpty();

            connection.suspend();
            cluster.startAll();
            long deadline = System.nanoTime() + LONGER_THAN_ANY_RETRY.toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(cluster.connectedClients()).as("connections made after the checkpoint began").isZero();
                Thread.sleep(100);
            }
            assertThat(connection.current()).as("no connection in the snapshot").isEmpty();

            connection.resume();
            var restored = connection.awaitConnection(Duration.ofSeconds(5));
            assertThat(restored).as("connected after the restore").isPresent();
            restored.get().sync().set("suspend-race", "after".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(restored.get().sync().get("suspend-race"), StandardCharsets.UTF_8))
                .isEqualTo("after");
        }
    }

}
