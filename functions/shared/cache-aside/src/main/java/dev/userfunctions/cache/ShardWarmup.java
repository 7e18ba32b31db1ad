package dev.userfunctions.cache;

import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Opens a new cluster connection's connection to every master now, rather than on a
 * request's first command to it (which Lettuce would reject while it connects), and says
 * which master does not answer.
 */
final class ShardWarmup {

    /**
     * The connection's logger: operators and tests follow the connection under one name.
     */
    private static final Logger log = LoggerFactory.getLogger(ClusterConnection.class);

    /** What Lettuce says of a command on a connection that is reconnecting, rejected. */
    private static final String NOT_CONNECTED = "Currently not connected";

    /** Between two pings of a shard whose connection was reconnecting. */
    private static final Duration SHARD_PING_PAUSE = Duration.ofMillis(50);

    private ShardWarmup() {
    }

    /**
     * Pings every master that serves slots, all at once so that a silent master costs one
     * connect timeout, not one each; waits for them until the connect and command
     * timeouts are over, or the start waiting for this connection gives up (as of now:
     * the end of a start moves it).
     */
    static void pingMasters(StatefulRedisClusterConnection<String, byte[]> opened, RedisClusterSettings settings,
            LongSupplier startupDeadline, BooleanSupplier abandoned) {
        Map<RedisClusterNode, CompletableFuture<String>> pings = new LinkedHashMap<>();
        for (RedisClusterNode node : mastersWithSlots(opened)) {
            pings.put(node, ping(opened, node));
        }
        long ownDeadline = System.nanoTime() + settings.connectTimeout().plus(settings.commandTimeout()).toNanos();
        long startupDeadlineNanos = startupDeadline.getAsLong();
        long deadline = startupDeadlineNanos - System.nanoTime() > 0 ? Math.min(ownDeadline, startupDeadlineNanos)
                : ownDeadline;
        boolean startGivesUpFirst = deadline != ownDeadline;
        for (Map.Entry<RedisClusterNode, CompletableFuture<String>> ping : pings.entrySet()) {
            if (abandoned.getAsBoolean()) {
                return;
            }
            awaitShard(opened, ping.getKey(), ping.getValue(), deadline, startGivesUpFirst, abandoned, settings);
        }
    }

    /** The masters that serve slots, as this connection last saw the topology. */
    private static List<RedisClusterNode> mastersWithSlots(StatefulRedisClusterConnection<String, byte[]> open) {
        return open.getPartitions()
            .stream()
            .filter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty())
            .toList();
    }

    /** Opens, in the background, the connection to every master that serves slots. */
    static void connectToMasters(StatefulRedisClusterConnection<String, byte[]> open) {
        mastersWithSlots(open)
            .forEach(node -> connectInBackground(open, node.getUri().getHost(), node.getUri().getPort()));
    }

    /**
     * Opens, in the background, the connection to the node announced as
     * {@code host:port}, under the key slot routing pools it by.
     */
    static void connectInBackground(StatefulRedisClusterConnection<String, byte[]> open, String host, int port) {
        try {
            open.getConnectionAsync(host, port).whenComplete((connected, failure) -> {
                if (failure != null) {
                    log.debug("Connecting to Redis node {}:{}: {}", host, port, ErrorMessages.describe(failure));
                }
            });
        }
        catch (RuntimeException e) {
            log.debug("Connecting to Redis node {}:{}: {}", host, port, ErrorMessages.describe(e));
        }
    }

    /**
     * Waits until {@code deadline} for a shard's ping; one that meets the connection
     * reconnecting (dropped as it was made: a node just restarted, a refresh replacing
     * it) is asked again within it. A shard that does not answer is reported as not
     * reachable, unless only the start stopped waiting for it (a slow TLS handshake at a
     * fraction of a vCPU): its connection goes on being made.
     */
    private static void awaitShard(StatefulRedisClusterConnection<String, byte[]> opened, RedisClusterNode node,
            CompletableFuture<String> ping, long deadline, boolean startGivesUpFirst, BooleanSupplier abandoned,
            RedisClusterSettings settings) {
        Throwable failure = failure(ping, deadline);
        while (failure != null && RedisErrors.mentions(failure, NOT_CONNECTED) && !abandoned.getAsBoolean()
                && deadline - System.nanoTime() > SHARD_PING_PAUSE.toNanos()) {
            LockSupport.parkNanos(SHARD_PING_PAUSE.toNanos());
            failure = failure(ping(opened, node), deadline);
        }
        if (abandoned.getAsBoolean()) {
            return;
        }
        if (failure instanceof TimeoutException && startGivesUpFirst) {
            log.debug("Redis node {} still connecting when the start stopped waiting; its connection goes on",
                    node.getNodeId());
        }
        else if (failure != null) {
            log.warn("Redis node {} (announced as {}) is not reachable: {}. {}", node.getNodeId(),
                    node.getUri().getHost() + ":" + node.getUri().getPort(), ErrorMessages.describe(failure),
                    ConnectionFailures.hint(failure, settings));
        }
    }

    /**
     * Why {@code ping} has not answered by {@code deadline}; null when it has, or when
     * the wait was interrupted.
     */
    private static Throwable failure(CompletableFuture<String> ping, long deadline) {
        try {
            ping.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        catch (ExecutionException e) {
            return e.getCause();
        }
        catch (TimeoutException e) {
            return e;
        }
    }

    private static CompletableFuture<String> ping(StatefulRedisClusterConnection<String, byte[]> opened,
            RedisClusterNode node) {
        try {
            // Slot routing pools connections by announced host and port: opened under
            // that key.
            return opened.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort())
                .thenCompose(shard -> shard.async().ping())
                .toCompletableFuture();
        }
        catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

}
