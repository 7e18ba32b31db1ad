package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.ValueCodec;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A read through the cache: the {@link LeaseProtocol} itself, or the {@link SingleFlight}
 * decorator of it.
 */
public interface CacheReads {

    /**
     * The value for {@code key}, from the cache or else from {@code loader}, stored for
     * {@code ttl} when present.
     * @throws LoadFailedException when the loader threw (its exception is the cause)
     */
    <V> Read<V> read(String key, ValueCodec<V> codec, Duration ttl, Supplier<Optional<V>> loader);

}
