package dev.userfunctions.benchmarks;

import dev.userfunctions.cache.ValueCodec;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The reference the lease protocol is measured against: cache-aside as it was before
 * leases (and as most recipes write it), {@code GET}, then on a miss load and
 * {@code SET … PX}. Fast, and stale after a write that overlaps a load; only for
 * measuring what the leases cost.
 */
final class PlainCacheAside {

    private final RedisAdvancedClusterCommands<String, byte[]> redis;

    PlainCacheAside(RedisAdvancedClusterCommands<String, byte[]> redis) {
        this.redis = redis;
    }

    <V> Optional<V> getOrLoad(String key, ValueCodec<V> codec, Supplier<Optional<V>> loader) {
        byte[] cached = redis.get(key);
        if (cached != null) {
            return Optional.of(codec.decode(cached));
        }
        Optional<V> loaded = loader.get();
        loaded.ifPresent(value -> redis.set(key, codec.encode(value), SetArgs.Builder.px(300_000)));
        return loaded;
    }

}
