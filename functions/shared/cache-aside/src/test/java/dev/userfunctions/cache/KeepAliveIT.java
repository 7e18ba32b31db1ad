package dev.userfunctions.cache;

import dev.userfunctions.embedded.EmbeddedRedisCluster;
import dev.userfunctions.fixtures.EmbeddedStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The keep-alive timer the kernel runs on every socket of this process to the cluster's
 * nodes, read as {@code ss -tnoip} shows it: at most {@link ClientSetup.KEEP_ALIVE_IDLE}
 * (Lettuce's {@code keepAlive(true)} alone leaves the OS's 7,200 s).
 */
@ExtendWith(EmbeddedStackExtension.class)
class KeepAliveIT {

    private static final Pattern KEEP_ALIVE = Pattern
        .compile("timer:\\(keepalive,(?:(\\d+)min)?(?:(\\d+)(?:\\.\\d+)?sec)?");

    @Test
    void everySocketToTheClusterProbesAfterTheConfiguredIdleTime(EmbeddedRedisCluster cluster) throws Exception {
        assumeTrue(ssAvailable(), "needs ss (iproute2) to read the kernel's keep-alive timers");
        try (ClusterConnection connection = ClusterConnection
            .open(RedisClusterSettings.builder().seeds(cluster.seeds()).build())) {
            assertThat(connection.current()).as("connected").isPresent();
            Set<Integer> nodePorts = cluster.nodes().stream().map(node -> node.port()).collect(Collectors.toSet());

            List<Long> timersSeconds = keepAliveTimersOfThisProcess(nodePorts);

            assertThat(timersSeconds).as("one timer per socket of this process to a node (one per master at least)")
                .hasSizeGreaterThanOrEqualTo(cluster.masters().size());
            assertThat(timersSeconds).as("seconds to the next keep-alive probe")
                .allSatisfy(seconds -> assertThat(seconds).isBetween(1L, ClientSetup.KEEP_ALIVE_IDLE.toSeconds()));
        }
    }

    private static List<Long> keepAliveTimersOfThisProcess(Set<Integer> nodePorts)
            throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-tnoipH", "state", "established").redirectErrorStream(true).start();
        String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String pid = "pid=" + ProcessHandle.current().pid() + ",";
        List<Long> timers = new ArrayList<>();
        for (String line : output.lines().toList()) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length < 4 || !line.contains(pid)) {
                continue;
            }
            String peer = columns[3];
            int port = Integer.parseInt(peer.substring(peer.lastIndexOf(':') + 1));
            if (!nodePorts.contains(port)) {
                continue;
            }
            Matcher timer = KEEP_ALIVE.matcher(line);
            assertThat(timer.find()).as("a keep-alive timer on %s", line).isTrue();
            long minutes = timer.group(1) == null ? 0 : Long.parseLong(timer.group(1));
            long seconds = timer.group(2) == null ? 0 : Long.parseLong(timer.group(2));
            timers.add(minutes * 60 + seconds);
        }
        return timers;
    }

    private static boolean ssAvailable() {
        try {
            return new ProcessBuilder("ss", "-V").start().waitFor(5, TimeUnit.SECONDS);
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

}
