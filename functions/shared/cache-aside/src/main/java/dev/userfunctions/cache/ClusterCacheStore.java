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
import java.util.Optional;
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
record ClusterCacheStore(ClusterConnection redis, NodeBreakers breakers) implements CacheStore {

    private static final String NOT_CONNECTED = "not connected to the Redis Cluster";

    /** A read's first command, which asks its node's breaker for permission. */
    @Override
    public byte[] get(String key) {
        return call(redis.current(), key, true, connection -> connection.sync().get(key));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] lease, Duration ttl) {
        return call(redis.connected(), key, false,
                connection -> "OK".equals(connection.sync().set(key, lease, SetArgs.Builder.nx().px(ttl.toMillis()))));
    }

    @Override
    public boolean compareAndSet(String key, byte[] expected, byte[] value, Duration ttl) {
        return call(redis.connected(), key, false,
                connection -> LeaseScripts.writeBack(connection.sync(), key, expected, value, ttl));
    }

    @Override
    public void deleteIfEquals(String key, byte[] expected) {
        call(redis.connected(), key, false, connection -> LeaseScripts.release(connection.sync(), key, expected));
    }

    /**
     * One command on {@code key}'s node. With {@code permitted}, only if its breaker
     * allows it, and always recorded; without (a later command of the same read),
     * recorded only while the breaker is closed.
     */
    private <T> T call(Optional<StatefulRedisClusterConnection<String, byte[]>> current, String key, boolean permitted,
            Function<StatefulRedisClusterConnection<String, byte[]>, T> command) {
        StatefulRedisClusterConnection<String, byte[]> connection = current
            .orElseThrow(() -> CacheStoreException.notAsked(NOT_CONNECTED));
        CircuitBreaker breaker = breakerFor(connection, key);
        if (permitted && !breaker.tryAcquirePermission()) {
            // The node may have been failed over since; a new master has a closed
            // breaker.
            redis.refreshTopologySoon();
            throw CacheStoreException.notAsked("the node of " + key + " is bypassed");
        }
        long started = System.nanoTime();
        RuntimeException failure = null;
        try {
            return command.apply(connection);
        }
        catch (RuntimeException e) {
            failure = e;
            throw CacheStoreException.failed(e);
        }
        finally {
            if (permitted) {
                NodeBreakers.record(breaker, started, failure);
            }
            else {
                NodeBreakers.recordIfClosed(breaker, started, failure);
            }
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
            return new Deletion(0, keys, NOT_CONNECTED);
        }
        Map<Integer, List<String>> bySlot = keys.stream().collect(Collectors.groupingBy(SlotHash::getSlot));
        Map<List<String>, CompletableFuture<Long>> deletions = new LinkedHashMap<>();
        bySlot.values().forEach(slotKeys -> deletions.put(slotKeys, sendDelete(connection, slotKeys)));
        long deadline = System.nanoTime() + 2 * redis.settings().commandTimeout().toNanos();
        long deleted = 0;
        List<String> failed = new ArrayList<>();
        String reason = null;
        List<String> refused = new ArrayList<>();
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
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                reason = ErrorMessages.describe(cause);
                if (RedisErrors.answered(cause, "NOPERM")) {
                    refused.addAll(deletion.getKey());
                }
            }
        }
        if (!failed.isEmpty()) {
            redis.refreshTopologySoon();
        }
        return new Deletion(deleted, failed, reason, refused);
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
