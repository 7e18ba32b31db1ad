package dev.userfunctions.cache;

import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Cache-aside over the shared Redis Cluster connection: read from Redis, load on a miss, write back with a
 * jittered TTL; "absent" answers are cached too, for their own TTL.
 *
 * <p>Fails open: a Redis error or timeout is never the caller's problem, the value then comes from the loader
 * and the outcome says {@link CacheOutcome#BYPASS}. Loader exceptions are the caller's and propagate unchanged.
 * Concurrent calls for one key in this JVM share one Redis round trip and one loader call (single-flight).
 */
public final class CacheAside {

    private static final Logger log = LoggerFactory.getLogger(CacheAside.class);
    /** Stored for "known absent". JSON never starts with a NUL byte, so it cannot collide with a value. */
    private static final byte[] ABSENT = {0};

    private final ClusterConnection redis;
    private final CacheSettings settings;
    /** One switch per master node: a failing node is bypassed while the others keep serving their slots. */
    private final Map<String, BypassSwitch> bypassByNode = new ConcurrentHashMap<>();
    private final CacheMetrics metrics;
    private final Map<String, CompletableFuture<CacheResult<?>>> inFlight = new ConcurrentHashMap<>();

    public CacheAside(ClusterConnection redis, CacheSettings settings, MeterRegistry registry) {
        this.redis = redis;
        this.settings = settings;
        this.metrics = new CacheMetrics(registry, settings.name(), this::bypassedNodes);
    }

    /** The value for {@code key}, from Redis or else from {@code loader}, cached for the default TTL. */
    public <V> CacheResult<V> getOrLoad(String key, ValueCodec<V> codec, Supplier<Optional<V>> loader) {
        return getOrLoad(key, codec, settings.ttl(), loader);
    }

    /** As {@link #getOrLoad(String, ValueCodec, Supplier)}, with a TTL of its own for present values. */
    public <V> CacheResult<V> getOrLoad(String key, ValueCodec<V> codec, java.time.Duration ttl, Supplier<Optional<V>> loader) {
        if (!settings.singleFlight()) {
            return lookup(key, codec, ttl, loader);
        }
        CompletableFuture<CacheResult<?>> mine = new CompletableFuture<>();
        CompletableFuture<CacheResult<?>> leader = inFlight.putIfAbsent(key, mine);
        if (leader != null) {
            return joinLeader(leader);
        }
        try {
            CacheResult<V> result = lookup(key, codec, ttl, loader);
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> CacheResult<V> joinLeader(CompletableFuture<CacheResult<?>> leader) {
        try {
            return (CacheResult<V>) leader.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private <V> CacheResult<V> lookup(String key, ValueCodec<V> codec, java.time.Duration ttl, Supplier<Optional<V>> loader) {
        Optional<StatefulRedisClusterConnection<String, byte[]>> connection = redis.current();
        if (connection.isEmpty()) {
            return load(loader, CacheOutcome.BYPASS);
        }
        BypassSwitch bypass = bypassFor(connection.get(), key);
        if (!bypass.allowRequest()) {
            return load(loader, CacheOutcome.BYPASS);
        }
        byte[] cached;
        try {
            cached = connection.get().sync().get(key);
            bypass.recordSuccess();
        } catch (RedisException e) {
            metrics.getError();
            bypass.recordFailure(e);
            return load(loader, CacheOutcome.BYPASS);
        }
        if (cached != null) {
            Optional<CacheResult<V>> hit = decode(key, cached, codec);
            if (hit.isPresent()) {
                metrics.outcome(CacheOutcome.HIT);
                return hit.get();
            }
        }
        CacheResult<V> loaded = load(loader, CacheOutcome.MISS);
        store(connection.get(), bypass, key, loaded.value(), codec, ttl);
        return loaded;
    }

    private <V> Optional<CacheResult<V>> decode(String key, byte[] cached, ValueCodec<V> codec) {
        if (cached.length == ABSENT.length && cached[0] == ABSENT[0]) {
            return Optional.of(new CacheResult<>(Optional.empty(), CacheOutcome.HIT));
        }
        try {
            return Optional.of(new CacheResult<>(Optional.of(codec.decode(cached)), CacheOutcome.HIT));
        } catch (RuntimeException e) {
            log.warn("Cache '{}': unreadable entry under {} ({}); reloading and overwriting it", settings.name(), key, BypassSwitch.describe(e));
            return Optional.empty();
        }
    }

    private <V> CacheResult<V> load(Supplier<Optional<V>> loader, CacheOutcome outcome) {
        Optional<V> value = metrics.load().record(loader);
        metrics.outcome(outcome);
        return new CacheResult<>(value == null ? Optional.empty() : value, outcome);
    }

    private <V> void store(StatefulRedisClusterConnection<String, byte[]> connection, BypassSwitch bypass, String key, Optional<V> value,
                           ValueCodec<V> codec, java.time.Duration ttl) {
        byte[] bytes = value.map(codec::encode).orElse(ABSENT);
        long ttlMillis = jittered(value.isPresent() ? ttl.toMillis() : settings.negativeTtl().toMillis());
        try {
            connection.sync().set(key, bytes, SetArgs.Builder.px(ttlMillis));
            bypass.recordSuccess();
        } catch (RedisException e) {
            metrics.setError();
            bypass.recordFailure(e);
        }
    }

    private long jittered(long ttlMillis) {
        double spread = settings.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Math.max(1, Math.round(ttlMillis * (1 + spread)));
    }

    /**
     * Deletes {@code keys}, one DEL per cluster slot, all sent at once. Tried even while reads bypass the cache:
     * a stale entry outliving a write is worse than a slow write. Never throws; what could not be deleted is
     * in the result.
     */
    public InvalidationResult invalidate(Collection<String> keys) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(keys));
        if (unique.isEmpty()) {
            return new InvalidationResult(0, 0, List.of(), null);
        }
        Optional<StatefulRedisClusterConnection<String, byte[]>> connection = redis.current();
        if (connection.isEmpty()) {
            metrics.invalidated(0, unique.size());
            return new InvalidationResult(unique.size(), 0, unique, "not connected to the Redis Cluster");
        }
        Map<Integer, List<String>> bySlot = unique.stream().collect(Collectors.groupingBy(SlotHash::getSlot));
        Map<List<String>, CompletableFuture<Long>> deletions = bySlot.values().stream().collect(Collectors.toMap(
                slotKeys -> slotKeys,
                slotKeys -> connection.get().async().del(slotKeys.toArray(String[]::new)).toCompletableFuture()));
        long deadline = System.nanoTime() + 2 * redis.settings().commandTimeout().toNanos();
        long deleted = 0;
        List<String> failed = new ArrayList<>();
        String reason = null;
        for (Map.Entry<List<String>, CompletableFuture<Long>> deletion : deletions.entrySet()) {
            try {
                deleted += deletion.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.addAll(deletion.getKey());
                reason = "interrupted";
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                deletion.getValue().cancel(false);
                failed.addAll(deletion.getKey());
                reason = BypassSwitch.describe(e instanceof ExecutionException ? e.getCause() : e);
            }
        }
        metrics.invalidated(deleted, failed.size());
        if (!failed.isEmpty()) {
            log.warn("Cache '{}': could not delete {} of {} keys ({}); they may be served stale until their TTL ends",
                    settings.name(), failed.size(), unique.size(), reason);
        }
        return new InvalidationResult(unique.size(), deleted, failed, reason);
    }

    /**
     * The switch of the master that serves {@code key}'s slot, as this client last saw the topology. After a
     * failover the slot belongs to the promoted replica, whose switch starts closed.
     */
    private BypassSwitch bypassFor(StatefulRedisClusterConnection<String, byte[]> connection, String key) {
        RedisClusterNode master = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
        String node = master == null ? "uncovered slots" : master.getNodeId();
        return bypassByNode.computeIfAbsent(node, id -> new BypassSwitch(settings.name() + "@" + describe(master),
                settings.failureThreshold(), settings.coolDown(), System::nanoTime));
    }

    private static String describe(RedisClusterNode node) {
        return node == null ? "uncovered slots" : node.getUri().getHost() + ":" + node.getUri().getPort();
    }

    /** True while reads skip Redis entirely: not connected yet, or every node seen cooling down after failures. */
    public boolean isBypassing() {
        return redis.current().isEmpty()
                || !bypassByNode.isEmpty() && bypassByNode.values().stream().allMatch(s -> s.state() != BypassSwitch.State.CLOSED);
    }

    /** How many master nodes reads currently skip (all of them, as -1, while not connected). */
    int bypassedNodes() {
        if (redis.current().isEmpty()) {
            return -1;
        }
        return (int) bypassByNode.values().stream().filter(s -> s.state() != BypassSwitch.State.CLOSED).count();
    }

    public CacheSettings settings() {
        return settings;
    }
}
