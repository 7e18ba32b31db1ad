package dev.userfunctions.users;

import dev.userfunctions.cache.CacheAside;
import dev.userfunctions.cache.CacheOutcome;
import dev.userfunctions.cache.CacheResult;
import dev.userfunctions.cache.ClusterView;
import dev.userfunctions.cache.InvalidationResult;
import dev.userfunctions.cache.JsonValueCodec;
import dev.userfunctions.cache.ValueCodec;

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

    private final CacheAside cache;

    private final Duration countTtl;

    private UserCache(CacheAside cache, Duration countTtl) {
        this.cache = cache;
        this.countTtl = countTtl;
    }

    /** Caches users in {@code cache}, which it then owns: {@link #close()} closes it. */
    public static UserCache over(CacheAside cache, Duration countTtl) {
        return new UserCache(cache, countTtl);
    }

    /** No cache at all: every read is a bypass. */
    public static UserCache disabled() {
        return new UserCache(CacheAside.disabled(), DEFAULT_COUNT_TTL);
    }

    /**
     * The user named {@code name}, through the cache.
     * @throws dev.userfunctions.cache.lease.LoadFailedException when the loader failed
     * after the cache was asked; the loader's own exception without a cache
     */
    public CacheResult<User> user(String name, Supplier<Optional<User>> loader) {
        return cache.getOrLoad(UserCacheKeys.byName(name), USER_CODEC, loader);
    }

    public CacheResult<UserCount> count(Supplier<UserCount> loader) {
        return cache.getOrLoad(UserCacheKeys.count(), COUNT_CODEC, countTtl, () -> Optional.of(loader.get()));
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
     * (see {@link dev.userfunctions.cache.CacheSettings#invalidationPatience()}).
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
        return cache.invalidate(keys, patience);
    }

    /**
     * How long one write's invalidations may keep trying in all (nothing to wait for
     * without a cache).
     */
    public Duration invalidationPatience() {
        return cache.settings().invalidationPatience();
    }

    /**
     * True while reads skip Redis: not configured, not connected, or every node bypassed.
     */
    public boolean isBypassed() {
        return cache.isBypassing();
    }

    /**
     * The Redis Cluster and the cache's use of it; {@code not configured} without
     * REDIS_NODES.
     */
    public ClusterView clusterView() {
        return cache.clusterView();
    }

    /**
     * Closes the Redis connection (before a SnapStart snapshot); reads bypass the cache
     * until {@link #resume()}.
     */
    public void suspend() {
        cache.suspend();
    }

    /** Connects again after {@link #suspend()}, waiting at most the start-up wait. */
    public void resume() {
        cache.resume();
        cache.awaitStartup();
    }

    /**
     * At the end of the start: waits at most the start-up wait for the Redis connection
     * being made, so that the first request is served through the cache.
     */
    public void awaitStartup() {
        cache.awaitStartup();
    }

    @Override
    public void close() {
        cache.close();
    }

}
