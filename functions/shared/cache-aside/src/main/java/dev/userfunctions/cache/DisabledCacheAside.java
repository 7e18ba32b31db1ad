package dev.userfunctions.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The cache without Redis: see {@link CacheAside#disabled()}. */
final class DisabledCacheAside implements CacheAside {

    static final DisabledCacheAside INSTANCE = new DisabledCacheAside();

    /** Nothing to wait for: an invalidation has nothing to retry. */
    private static final CacheSettings SETTINGS = CacheSettings.named("disabled")
        .withInvalidationPatience(Duration.ZERO);

    private DisabledCacheAside() {
    }

    @Override
    public <V> CacheResult<V> getOrLoad(String key, ValueCodec<V> codec, Duration ttl, Supplier<Optional<V>> loader) {
        return new CacheResult<>(loader.get(), CacheOutcome.BYPASS);
    }

    @Override
    public InvalidationResult invalidate(Collection<String> keys, Duration patience) {
        return new InvalidationResult(keys.size(), 0, List.of(), null);
    }

    @Override
    public ClusterView clusterView() {
        return ClusterView.notConfigured();
    }

    @Override
    public boolean isBypassing() {
        return true;
    }

    @Override
    public boolean awaitStartup() {
        return false;
    }

    @Override
    public void suspend() {
    }

    @Override
    public void resume() {
    }

    @Override
    public CacheSettings settings() {
        return SETTINGS;
    }

    @Override
    public void close() {
    }

}
