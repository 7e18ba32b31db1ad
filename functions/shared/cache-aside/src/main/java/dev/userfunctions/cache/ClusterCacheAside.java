package dev.userfunctions.cache;

import dev.userfunctions.cache.lease.CacheEvents;
import dev.userfunctions.cache.lease.CacheReads;
import dev.userfunctions.cache.lease.Entropy;
import dev.userfunctions.cache.lease.Invalidation;
import dev.userfunctions.cache.lease.LeaseProtocol;
import dev.userfunctions.cache.lease.LocalFlights;
import dev.userfunctions.cache.lease.SingleFlight;
import dev.userfunctions.cache.lease.Ticker;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Cache-aside over the Redis Cluster: the lease protocol ({@link LeaseProtocol}) on the
 * cluster ({@link ClusterCacheStore}, one circuit breaker per master), single-flight when
 * the settings ask for it, invalidation, metrics, and the view of the cluster. It owns
 * its {@link ClusterConnection}: closing the cache closes it.
 */
final class ClusterCacheAside implements CacheAside {

    private final ClusterConnection redis;

    private final CacheSettings settings;

    private final NodeBreakers breakers;

    private final CacheReads reads;

    private final Invalidation invalidation;

    /** Reports what it does to {@code events}. */
    ClusterCacheAside(ClusterConnection redis, CacheSettings settings, CacheEvents events) {
        this.redis = redis;
        this.settings = settings;
        // A node's breaker opened: its sockets may be dead without knowing it; replace
        // them, and have them open again before the probe after the cool-down.
        this.breakers = new NodeBreakers(settings.name(), NodeBreakers.FAILURE_THRESHOLD, NodeBreakers.COOL_DOWN,
                events, nodeId -> redis.reconnectNode(nodeId, NodeBreakers.COOL_DOWN.dividedBy(2)));
        redis.onTopologyChange(breakers::retainOnly);
        redis.afterConnecting(new PermissionCheck(settings.name(),
                () -> redis.settings().login().map(login -> login.current().username()).orElse(null)));
        ClusterCacheStore store = new ClusterCacheStore(redis, breakers);
        LeaseProtocol protocol = new LeaseProtocol(store, settings, LeaseProtocol.LEASE_WAIT, events, Ticker.SYSTEM,
                Entropy.SECURE);
        this.reads = settings.singleFlight() ? new SingleFlight(protocol, new LocalFlights(), Ticker.SYSTEM) : protocol;
        this.invalidation = new Invalidation(store, settings.name(), events, Ticker.SYSTEM);
    }

    /**
     * The cache {@code build} makes over {@code connection}, which it then owns; the
     * connection is closed if the cache cannot be made.
     */
    static ClusterCacheAside owning(ClusterConnection connection,
            Function<ClusterConnection, ClusterCacheAside> build) {
        try {
            return build.apply(connection);
        }
        catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Reports what it does as Micrometer meters ({@link CacheMetrics}) in
     * {@code registry}.
     */
    static ClusterCacheAside withMeters(ClusterConnection redis, CacheSettings settings, MeterRegistry registry) {
        CacheMetrics metrics = new CacheMetrics(registry, settings.name());
        ClusterCacheAside cache = new ClusterCacheAside(redis, settings, metrics);
        metrics.gaugeBypassedNodes(cache::bypassedNodes);
        cache.breakers.bindTo(registry);
        return cache;
    }

    @Override
    public <V> CacheResult<V> getOrLoad(String key, ValueCodec<V> codec, Duration ttl, Supplier<Optional<V>> loader) {
        return reads.read(key, codec, ttl, loader).result();
    }

    @Override
    public InvalidationResult invalidate(Collection<String> keys, Duration patience) {
        return invalidation.invalidate(keys, patience);
    }

    @Override
    public ClusterView clusterView() {
        return ClusterViews.of(redis.connected().orElse(null), breakers);
    }

    @Override
    public boolean isBypassing() {
        return redis.current().isEmpty() || breakers.allNotClosed();
    }

    /**
     * How many master nodes reads currently skip (all of them, as -1, while not
     * connected).
     */
    int bypassedNodes() {
        return redis.connected().isEmpty() ? -1 : breakers.notClosed();
    }

    @Override
    public CacheSettings settings() {
        return settings;
    }

    @Override
    public boolean awaitStartup() {
        return redis.awaitStartup();
    }

    @Override
    public void suspend() {
        redis.suspend();
    }

    @Override
    public void resume() {
        redis.resume();
    }

    @Override
    public void close() {
        redis.close();
    }

}
