package dev.userfunctions.cache;

import dev.userfunctions.cache.lease.CacheEvents;
import dev.userfunctions.cache.lease.LoadFailedException;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cache-aside component: reads through a Redis Cluster with leases, invalidation
 * after writes, the view of the cluster, and the life of its one connection (waited for
 * at the end of a start, suspended before a snapshot, resumed after it, closed). The one
 * entry point of the library: {@link #open} connects and owns the connection,
 * {@link #disabled} is the cache without Redis. See docs/CACHE.md for the contract.
 */
public interface CacheAside extends AutoCloseable {

    /**
     * Starts connecting to the cluster in the background and returns at once; never
     * throws because Redis is unreachable. The cache owns the connection. What it does is
     * told to {@code events}, one call per event.
     */
    static CacheAside open(RedisClusterSettings redis, CacheSettings settings, CacheEvents events) {
        return ClusterCacheAside.owning(ClusterConnection.open(redis),
                connection -> new ClusterCacheAside(connection, settings, events));
    }

    /**
     * As {@link #open(RedisClusterSettings, CacheSettings, CacheEvents)}, counting what
     * it does as Micrometer meters in {@code registry} (see {@code CacheMetrics}), the
     * breakers' states included.
     */
    static CacheAside open(RedisClusterSettings redis, CacheSettings settings, MeterRegistry registry) {
        return ClusterCacheAside.owning(ClusterConnection.open(redis),
                connection -> ClusterCacheAside.withMeters(connection, settings, registry));
    }

    /**
     * No Redis: every read is a {@link CacheOutcome#BYPASS} that calls its loader, and
     * there is nothing to invalidate or to wait for.
     */
    static CacheAside disabled() {
        return DisabledCacheAside.INSTANCE;
    }

    /**
     * The value for {@code key}, from Redis or else from {@code loader}, cached for the
     * settings' TTL.
     * @throws LoadFailedException when the loader threw after the cache was asked (its
     * exception is the cause); without a cache, the loader's own exception
     */
    default <V> CacheResult<V> getOrLoad(String key, ValueCodec<V> codec, Supplier<Optional<V>> loader) {
        return getOrLoad(key, codec, settings().ttl(), loader);
    }

    /**
     * As {@link #getOrLoad(String, ValueCodec, Supplier)}, with a TTL of its own for
     * present values.
     */
    <V> CacheResult<V> getOrLoad(String key, ValueCodec<V> codec, Duration ttl, Supplier<Optional<V>> loader);

    /** Deletes {@code keys} as patient as the settings say. */
    default InvalidationResult invalidate(Collection<String> keys) {
        return invalidate(keys, settings().invalidationPatience());
    }

    /**
     * Deletes {@code keys} (with any lease a load holds on them), batched per slot,
     * retrying failed deletions for up to {@code patience}; what is left is reported.
     */
    InvalidationResult invalidate(Collection<String> keys, Duration patience);

    /**
     * The cluster's masters, replicas and slots as this client last saw them, and what
     * the cache does with each.
     */
    ClusterView clusterView();

    /**
     * True while reads skip Redis entirely: no cache, not connected yet, or every node
     * seen bypassed after failures.
     */
    boolean isBypassing();

    /**
     * At the end of a start or a restore: waits at most the start-up wait for the
     * connection being made, so that the first request is served through the cache.
     * Returns whether there is one.
     */
    boolean awaitStartup();

    /**
     * Closes the connection, keeping the client: before a SnapStart snapshot. Reads
     * bypass the cache until {@link #resume()}.
     */
    void suspend();

    /** Connects again after {@link #suspend()}, in the background. */
    void resume();

    CacheSettings settings();

    @Override
    void close();

}
