package dev.userfunctions.cache;

import dev.userfunctions.cache.lease.CacheStore;
import dev.userfunctions.cache.lease.CacheStoreException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@link CacheStore} of the lease protocol on the shared Redis Cluster connection,
 * behind one circuit breaker per master node. A read's {@code GET} asks its node's
 * breaker for permission (the one probe of a half-open breaker is a {@code GET}); the
 * lease and write-back commands that follow it in the same read are recorded only while
 * the breaker is closed, since they prove nothing about a node whose breaker opened
 * meanwhile.
 */
final class ClusterCacheStore implements CacheStore {

    private final ClusterConnection redis;

    private final NodeBreakers breakers;

    ClusterCacheStore(ClusterConnection redis, NodeBreakers breakers) {
        this.redis = redis;
        this.breakers = breakers;
    }

    @Override
    public byte[] get(String key) {
        StatefulRedisClusterConnection<String, byte[]> connection = redis.current()
            .orElseThrow(() -> CacheStoreException.notAsked("not connected to the Redis Cluster"));
        CircuitBreaker breaker = breakerFor(connection, key);
        if (!breaker.tryAcquirePermission()) {
            // The node may have been failed over since; a new master has a closed
            // breaker.
            redis.refreshTopologySoon();
            throw CacheStoreException.notAsked("the node of " + key + " is bypassed");
        }
        long started = System.nanoTime();
        try {
            byte[] found = connection.sync().get(key);
            NodeBreakers.record(breaker, started, null);
            return found;
        }
        catch (RuntimeException e) {
            NodeBreakers.record(breaker, started, e);
            throw CacheStoreException.failed(e);
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] lease, Duration ttl) {
        return inRead(key,
                connection -> "OK".equals(connection.sync().set(key, lease, SetArgs.Builder.nx().px(ttl.toMillis()))));
    }

    @Override
    public boolean compareAndSet(String key, byte[] expected, byte[] value, Duration ttl) {
        return inRead(key, connection -> LeaseScripts.writeBack(connection.sync(), key, expected, value, ttl));
    }

    @Override
    public void deleteIfEquals(String key, byte[] expected) {
        inRead(key, connection -> LeaseScripts.release(connection.sync(), key, expected));
    }

    /**
     * A command after a read's {@code GET}, recorded only while its breaker is closed.
     */
    private <T> T inRead(String key, Function<StatefulRedisClusterConnection<String, byte[]>, T> command) {
        StatefulRedisClusterConnection<String, byte[]> connection = redis.connected()
            .orElseThrow(() -> CacheStoreException.notAsked("not connected to the Redis Cluster"));
        CircuitBreaker breaker = breakerFor(connection, key);
        long started = System.nanoTime();
        try {
            T answer = command.apply(connection);
            NodeBreakers.recordIfClosed(breaker, started, null);
            return answer;
        }
        catch (RuntimeException e) {
            NodeBreakers.recordIfClosed(breaker, started, e);
            throw CacheStoreException.failed(e);
        }
    }

    /**
     * One {@code DEL} per cluster slot, all sent at once, waited for up to twice the
     * command timeout. A failure asks for a topology refresh: a slot whose master died is
     * served again only once this process has seen the promotion.
     */
    @Override
    public Deletion delete(List<String> keys) {
        StatefulRedisClusterConnection<String, byte[]> connection = redis.connected().orElse(null);
        if (connection == null) {
            return new Deletion(0, keys, "not connected to the Redis Cluster");
        }
        Map<Integer, List<String>> bySlot = keys.stream().collect(Collectors.groupingBy(SlotHash::getSlot));
        Map<List<String>, CompletableFuture<Long>> deletions = new LinkedHashMap<>();
        bySlot.values().forEach(slotKeys -> deletions.put(slotKeys, sendDelete(connection, slotKeys)));
        long deadline = System.nanoTime() + 2 * redis.settings().commandTimeout().toNanos();
        long deleted = 0;
        List<String> failed = new ArrayList<>();
        String reason = null;
        for (Map.Entry<List<String>, CompletableFuture<Long>> deletion : deletions.entrySet()) {
            try {
                deleted += deletion.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.addAll(deletion.getKey());
                reason = "interrupted";
            }
            catch (ExecutionException | TimeoutException e) {
                deletion.getValue().cancel(false);
                failed.addAll(deletion.getKey());
                reason = ErrorMessages.describe(e instanceof ExecutionException ? e.getCause() : e);
            }
        }
        if (!failed.isEmpty()) {
            redis.refreshTopologySoon();
        }
        return new Deletion(deleted, failed, reason);
    }

    /** One slot's DEL; a routing failure thrown at once fails only that slot's keys. */
    private static CompletableFuture<Long> sendDelete(StatefulRedisClusterConnection<String, byte[]> connection,
            List<String> slotKeys) {
        try {
            return connection.async().del(slotKeys.toArray(String[]::new)).toCompletableFuture();
        }
        catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public boolean awaitReady(Duration patience) {
        return redis.awaitConnection(patience).isPresent();
    }

    /**
     * The breaker of the master that serves {@code key}'s slot, as this client last saw
     * the topology. After a failover the slot belongs to the promoted replica, whose
     * breaker starts closed.
     */
    private CircuitBreaker breakerFor(StatefulRedisClusterConnection<String, byte[]> connection, String key) {
        RedisClusterNode master = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
        Supplier<String> uncovered = () -> NodeBreakers.UNCOVERED;
        return master == null ? breakers.of(NodeBreakers.UNCOVERED, uncovered)
                : breakers.of(master.getNodeId(), () -> ClusterViews.address(master));
    }

}
