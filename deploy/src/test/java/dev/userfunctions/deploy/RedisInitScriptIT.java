package dev.userfunctions.deploy;

import dev.userfunctions.harness.Commands;
import dev.userfunctions.embedded.EmbeddedRedisCluster;
import dev.userfunctions.embedded.RedisNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * init/redis/init-cluster.sh for real, against six cluster-enabled redis-server processes
 * on loopback, with Debian's redis-cli (redis-tools, installed by .ci/run).
 */
class RedisInitScriptIT {

    static final String SCRIPT = "init/redis/init-cluster.sh";

    private static Tools.Result runScript(String nodes, int waitSeconds) {
        return Tools.run(TemplateTest.ROOT,
                Map.of("REDIS_CLUSTER_NODES", nodes, "REDIS_WAIT_SECONDS", String.valueOf(waitSeconds)),
                Duration.ofSeconds(waitSeconds * 3L + 30), List.of(SCRIPT));
    }

    @BeforeEach
    void needsRedisCli() {
        assumeTrue(Commands.onPath("redis-cli"), () -> Tools
            .skipped("redis-cli is not installed (apt-get install redis-tools); skipping the init script run"));
    }

    @Test
    void createsAHealthyClusterThenDoesNothingTheSecondTime() {
        try (EmbeddedRedisCluster nodes = EmbeddedRedisCluster.builder().formed(false).start()) {
            String addresses = nodes.nodes().stream().map(RedisNode::address).collect(Collectors.joining(" "));

            Tools.Result first = runScript(addresses, 60);
            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(first.output()).contains("cluster ready: 3 masters, 3 replicas, 16384 slots");
            nodes.awaitHealthy(Duration.ofSeconds(10));
            assertThat(nodes.masters()).hasSize(3);
            Tools.Result state = Tools.run(TemplateTest.ROOT, Map.of(), Duration.ofSeconds(10), List.of("redis-cli",
                    "-h", "127.0.0.1", "-p", String.valueOf(nodes.nodes().get(0).port()), "cluster", "nodes"));
            String topologyBefore = normalise(state.output());

            Tools.Result second = runScript(addresses, 60);
            assertThat(second.exitCode()).as(second.output()).isZero();
            assertThat(second.output()).contains("a healthy cluster already exists")
                .doesNotContain("creating the cluster");
            Tools.Result stateAfter = Tools.run(TemplateTest.ROOT, Map.of(), Duration.ofSeconds(10),
                    List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(nodes.nodes().get(0).port()),
                            "cluster", "nodes"));
            assertThat(normalise(stateAfter.output())).as("the second run changed nothing").isEqualTo(topologyBefore);
        }
    }

    @Test
    void aClusterWithANodeThatCameBackEmptyIsRebuilt() {
        try (EmbeddedRedisCluster nodes = EmbeddedRedisCluster.builder().formed(false).start()) {
            String addresses = nodes.nodes().stream().map(RedisNode::address).collect(Collectors.joining(" "));
            assertThat(runScript(addresses, 60).exitCode()).isZero();
            // What a container restarted with its cluster config on a tmpfs looks like: a
            // node that knows no cluster.
            RedisNode restarted = nodes.nodes().get(5);
            Tools.Result reset = Tools.run(TemplateTest.ROOT, Map.of(), Duration.ofSeconds(10),
                    List.of("sh", "-c", "redis-cli -p " + restarted.port() + " flushall; redis-cli -p "
                            + restarted.port() + " cluster reset hard"));
            assertThat(reset.output()).contains("OK");

            Tools.Result result = Tools.run(TemplateTest.ROOT,
                    Map.of("REDIS_CLUSTER_NODES", addresses, "REDIS_WAIT_SECONDS", "60", "REDIS_HEAL_SECONDS", "3"),
                    Duration.ofSeconds(120), List.of(SCRIPT));

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("did not heal")
                .contains("cluster ready: 3 masters, 3 replicas, 16384 slots");
            nodes.awaitHealthy(Duration.ofSeconds(10));
        }
    }

    @Test
    void aNodeThatNeverAnswersFailsWithinTheBoundAndSaysWhich() {
        Tools.Result result = runScript("127.0.0.1:1", 3);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("node 127.0.0.1:1 did not answer PING within 3s");
        assertThat(result.took()).isLessThan(Duration.ofSeconds(10));
    }

    /** CLUSTER NODES without the fields that change by the second (ping/pong times). */
    private static String normalise(String clusterNodes) {
        return clusterNodes.lines()
            .map(line -> line.split(" "))
            .map(fields -> String.join(" ", fields[0], fields[1], fields[2].replace("myself,", ""), fields[3],
                    fields[6], String.join(" ", List.of(fields).subList(8, fields.length))))
            .sorted()
            .collect(Collectors.joining("\n"));
    }

}
