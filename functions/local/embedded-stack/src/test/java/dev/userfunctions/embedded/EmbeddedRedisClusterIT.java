package dev.userfunctions.embedded;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedRedisClusterIT {

    @Test
    void formsAHealthyClusterAndLeavesNothingBehindWhenClosed() throws Exception {
        Path workDirectory;
        List<ProcessHandle> redisProcesses;
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start()) {
            assertThat(cluster.nodes()).hasSize(6);
            assertThat(cluster.masters()).hasSize(3);
            assertThat(cluster.nodes()).noneMatch(node -> node.port() == 6379);

            RedisClusterClient client = RedisClusterClient.create("redis://" + cluster.nodes().get(0).address());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                var partitions = connection.getPartitions();
                int servedSlots = partitions.stream()
                    .filter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM))
                    .mapToInt(node -> node.getSlots().size())
                    .sum();
                assertThat(servedSlots).isEqualTo(16384);
                assertThat(partitions.stream().filter(node -> node.is(RedisClusterNode.NodeFlag.REPLICA))).hasSize(3);
                IntStream.range(0, 100).forEach(i -> connection.sync().set("key" + i, "v" + i));
                assertThat(connection.sync().get("key42")).isEqualTo("v42");
            }
            finally {
                client.shutdown();
            }
            workDirectory = cluster.nodes().get(0).port() > 0 ? findWorkDirectory(cluster) : null;
            redisProcesses = ProcessHandle.current()
                .children()
                .filter(p -> p.info().command().orElse("").contains("redis-server"))
                .toList();
            assertThat(redisProcesses).hasSize(6);
        }
        assertThat(redisProcesses).noneMatch(ProcessHandle::isAlive);
        assertThat(workDirectory).doesNotExist();
    }

    @Test
    void aStoppedNodeRejoinsWhenStartedAgain() {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start()) {
            RedisNode replica = cluster.nodes().get(5);
            replica.stop();
            assertThat(replica.isRunning()).isFalse();
            replica.start();
            cluster.awaitHealthy(Duration.ofSeconds(20));
            assertThat(replica.isRunning()).isTrue();
            assertThat(cluster.masters()).hasSize(3);
        }
    }

    @Test
    void aBinaryThatCannotRunFailsWithAMessageAndLeavesNothingBehind() throws Exception {
        long before;
        try (var dirs = Files.list(WorkDirectories.ROOT)) {
            before = dirs.count();
        }
        System.setProperty(RedisBinary.OVERRIDE_PROPERTY, "/nonexistent/redis-server");
        try {
            assertThatThrownBy(EmbeddedRedisCluster::start).hasMessageContaining("Could not start redis-server")
                .hasMessageContaining("/nonexistent/redis-server");
        }
        finally {
            System.clearProperty(RedisBinary.OVERRIDE_PROPERTY);
        }
        try (var dirs = Files.list(WorkDirectories.ROOT)) {
            assertThat(dirs.count()).as("no work directory left behind").isEqualTo(before);
        }
    }

    @Test
    void aNodeWhoseBusPortIsTakenFailsAsRetryable() throws Exception {
        Path directory = WorkDirectories.create();
        int port = FreePorts.find(1, true)[0];
        try (ServerSocket busPortTaker = new ServerSocket(port + 10000, 1, InetAddress.getLoopbackAddress())) {
            RedisNode node = new RedisNode(NodeSetup.plain(RedisBinary.extractInto(directory), Duration.ofSeconds(1)),
                    NodeHost.LOOPBACK, directory.resolve("node"), port);
            assertThatThrownBy(node::start).isInstanceOf(RedisNode.PortTakenException.class)
                .hasMessageContaining("cluster bus port");
        }
        finally {
            WorkDirectories.deleteRecursively(directory);
        }
    }

    @Test
    void anUnsupportedPlatformSaysWhatToDo() {
        assertThat(RedisBinary.unsupported("no binary for SOLARIS/SPARC").getMessage())
            .contains("no binary for SOLARIS/SPARC", "-Dembedded.redis.executable", "REDIS_NODES");
    }

    private static Path findWorkDirectory(EmbeddedRedisCluster cluster) throws Exception {
        String port = String.valueOf(cluster.nodes().get(0).port());
        try (var dirs = Files.list(WorkDirectories.ROOT)) {
            return dirs.filter(dir -> Files.isDirectory(dir.resolve(port))).findFirst().orElseThrow();
        }
    }

}
