package dev.userfunctions.cache;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Follows the cluster's topology beside Lettuce's adaptive triggers: after a second
 * without a caller, the next one has the cluster's epoch checked ({@code CLUSTER INFO},
 * in the background) and the topology refreshed only when it moved, so that what changed
 * while the process was idle or frozen is noticed at once without a periodic refresh,
 * whose short-lived connections a thawed Lambda environment would open for nothing. Tells
 * listeners of topology changes.
 */
final class TopologyWatcher {

    /**
     * The connection's logger: operators and tests follow the connection under one name.
     */
    private static final Logger log = LoggerFactory.getLogger(ClusterConnection.class);

    /** After this long without a caller, the next one has the epoch checked. */
    static final Duration IDLE_BEFORE_EPOCH_CHECK = Duration.ofSeconds(1);

    private final RedisClusterClient client;

    private final Supplier<Optional<StatefulRedisClusterConnection<String, byte[]>>> connected;

    private final AtomicLong nextRefreshAllowedNanos = new AtomicLong(System.nanoTime());

    private final AtomicLong lastCallerNanos = new AtomicLong(System.nanoTime());

    /** The cluster's epoch when last checked; -1 before the first check. */
    private final AtomicLong knownEpoch = new AtomicLong(-1);

    TopologyWatcher(RedisClusterClient client,
            Supplier<Optional<StatefulRedisClusterConnection<String, byte[]>>> connected) {
        this.client = client;
        this.connected = connected;
    }

    /** A new connection: its epoch is the one to compare with from now on. */
    void connected(StatefulRedisClusterConnection<String, byte[]> opened) {
        knownEpoch.set(-1);
        checkEpoch(opened);
    }

    /** A caller is about to use {@code open}: checks the epoch if it was idle. */
    void calling(StatefulRedisClusterConnection<String, byte[]> open) {
        long now = System.nanoTime();
        if (now - lastCallerNanos.getAndSet(now) >= IDLE_BEFORE_EPOCH_CHECK.toNanos()) {
            checkEpoch(open);
        }
    }

    private void checkEpoch(StatefulRedisClusterConnection<String, byte[]> open) {
        try {
            open.async().clusterInfo().whenComplete((info, failure) -> {
                long epoch = failure == null ? currentEpoch(info) : -1;
                long known = knownEpoch.getAndSet(epoch);
                if (epoch < 0 || (known >= 0 && known != epoch)) {
                    log.debug("Redis Cluster epoch {} (was {}){}: refreshing the topology", epoch, known,
                            failure == null ? "" : ", " + ErrorMessages.describe(failure));
                    refreshSoon();
                }
            });
        }
        catch (RuntimeException e) {
            refreshSoon();
        }
    }

    /** {@code cluster_current_epoch} of a {@code CLUSTER INFO} answer; -1 if absent. */
    static long currentEpoch(String clusterInfo) {
        return clusterInfo.lines()
            .filter(line -> line.startsWith("cluster_current_epoch:"))
            .map(line -> line.substring(line.indexOf(':') + 1).trim())
            .filter(value -> !value.isEmpty() && value.chars().allMatch(Character::isDigit))
            .mapToLong(Long::parseLong)
            .findFirst()
            .orElse(-1);
    }

    /**
     * Asks for a topology refresh in the background, at most one per
     * {@link ClientSetup#MIN_REFRESH_INTERVAL}, when the caller has reason to think the
     * topology changed. Lettuce's adaptive triggers need a command to fail or a reconnect
     * to be attempted; while a breaker keeps commands away from a node neither happens.
     */
    void refreshSoon() {
        long now = System.nanoTime();
        long allowedAt = nextRefreshAllowedNanos.get();
        if (connected.get().isEmpty() || now - allowedAt < 0 || !nextRefreshAllowedNanos.compareAndSet(allowedAt,
                now + ClientSetup.MIN_REFRESH_INTERVAL.toNanos())) {
            return;
        }
        client.refreshPartitionsAsync().whenComplete((done, failure) -> {
            if (failure != null) {
                log.debug("Refreshing the Redis Cluster topology: {}", ErrorMessages.describe(failure));
            }
        });
    }

    /**
     * Calls {@code listener} with the ids of the master nodes whenever the topology
     * changes (after a failover, a node joining or leaving).
     */
    void onChange(Consumer<Set<String>> listener) {
        client.getResources()
            .eventBus()
            .get()
            .filter(ClusterTopologyChangedEvent.class::isInstance)
            .subscribe(event -> connected.get()
                .ifPresent(open -> listener.accept(open.getPartitions()
                    .stream()
                    .filter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM))
                    .map(RedisClusterNode::getNodeId)
                    .collect(Collectors.toSet()))));
    }

}
