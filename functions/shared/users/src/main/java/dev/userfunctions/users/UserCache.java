package dev.userfunctions.users;

import dev.userfunctions.cache.CacheAside;
import dev.userfunctions.cache.CacheOutcome;
import dev.userfunctions.cache.CacheResult;
import dev.userfunctions.cache.CacheSettings;
import dev.userfunctions.cache.ClusterConnection;
import dev.userfunctions.cache.ClusterView;
import dev.userfunctions.cache.InvalidationResult;
import dev.userfunctions.cache.JsonValueCodec;
import dev.userfunctions.cache.ValueCodec;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The users' view of the cache-aside component: users by name and the count, under
 * {@link UserCacheKeys}. Without a Redis Cluster configured every read is a
 * {@link CacheOutcome#BYPASS} and there is nothing to invalidate.
 */
public class UserCache implements AutoCloseable {

    /**
     * Lifetime of the cached count: 10 s. The count changes with every seed and is cheap
     * to recompute.
     */
    public static final Duration DEFAULT_COUNT_TTL = Duration.ofSeconds(10);

    private static final ValueCodec<User> USER_CODEC = JsonValueCodec.of(User.class);

    private static final ValueCodec<UserCount> COUNT_CODEC = JsonValueCodec.of(UserCount.class);

    private final Optional<ClusterConnection> connection;

    private final Optional<CacheAside> cache;

    private final Duration countTtl;

    private UserCache(Optional<ClusterConnection> connection, Optional<CacheAside> cache, Duration countTtl) {
        this.connection = connection;
        this.cache = cache;
        this.countTtl = countTtl;
    }

    /**
     * Caches users over {@code connection}, which it then owns: {@link #close()} closes
     * it.
     */
    public static UserCache using(ClusterConnection connection, CacheSettings settings, Duration countTtl,
            MeterRegistry registry) {
        return new UserCache(Optional.of(connection), Optional.of(new CacheAside(connection, settings, registry)),
                countTtl);
    }

    /** No cache at all: every read is a bypass. */
    public static UserCache disabled() {
        return new UserCache(Optional.empty(), Optional.empty(), DEFAULT_COUNT_TTL);
    }

    /**
     * The user named {@code name}, through the cache.
     * @throws dev.userfunctions.cache.lease.LoadFailedException when the loader failed
     * after the cache was asked; the loader's own exception without a cache
     */
    public CacheResult<User> user(String name, Supplier<Optional<User>> loader) {
        return cache.map(c -> c.getOrLoad(UserCacheKeys.byName(name), USER_CODEC, loader))
            .orElseGet(() -> new CacheResult<>(loader.get(), CacheOutcome.BYPASS));
    }

    public CacheResult<UserCount> count(Supplier<UserCount> loader) {
        return cache
            .map(c -> c.getOrLoad(UserCacheKeys.count(), COUNT_CODEC, countTtl, () -> Optional.of(loader.get())))
            .orElseGet(() -> new CacheResult<>(Optional.of(loader.get()), CacheOutcome.BYPASS));
    }

    /**
     * As {@link #invalidate(Collection, Duration)}, as patient as the cache settings say.
     */
    public InvalidationResult invalidate(Collection<String> names) {
        return invalidate(names, invalidationPatience());
    }

    /**
     * Deletes the entries of {@code names} (including cached "not found" answers and any
     * lease a load holds on them) and the cached count, trying for up to {@code patience}
     * (see {@link CacheSettings#invalidationPatience()}).
     */
    public InvalidationResult invalidate(Collection<String> names, Duration patience) {
        List<String> keys = new ArrayList<>(names.size() + 1);
        names.forEach(name -> keys.add(UserCacheKeys.byName(name)));
        keys.add(UserCacheKeys.count());
        return invalidateKeys(keys, patience);
    }

    /**
     * Deletes {@code keys} as they are (keys an earlier invalidation reported failed),
     * trying for up to {@code patience}.
     */
    public InvalidationResult invalidateKeys(Collection<String> keys, Duration patience) {
        return cache.map(c -> c.invalidate(keys, patience))
            .orElseGet(() -> new InvalidationResult(keys.size(), 0, List.of(), null));
    }

    /**
     * How long one write's invalidations may keep trying in all (nothing to wait for
     * without a cache).
     */
    public Duration invalidationPatience() {
        return cache.map(c -> c.settings().invalidationPatience()).orElse(Duration.ZERO);
    }

    /**
     * True while reads skip Redis: not configured, not connected, or every node bypassed.
     */
    public boolean isBypassed() {
        return cache.map(CacheAside::isBypassing).orElse(true);
    }

    /**
     * The Redis Cluster and the cache's use of it; {@code not configured} without
     * REDIS_NODES.
     */
    public ClusterView clusterView() {
        return cache.map(CacheAside::clusterView).orElseGet(ClusterView::notConfigured);
    }

    /**
     * Closes the Redis connection (before a SnapStart snapshot); reads bypass the cache
     * until {@link #resume()}.
     */
    public void suspend() {
        connection.ifPresent(ClusterConnection::suspend);
    }

    /** Connects again after {@link #suspend()}, waiting at most the start-up wait. */
    public void resume() {
        connection.ifPresent(open -> {
            open.resume();
            open.awaitStartup();
        });
    }

    /**
     * At the end of the start: waits at most the start-up wait for the Redis connection
     * being made, so that the first request is served through the cache.
     */
    public void awaitStartup() {
        connection.ifPresent(ClusterConnection::awaitStartup);
    }

    @Override
    public void close() {
        connection.ifPresent(ClusterConnection::close);
    }

}
