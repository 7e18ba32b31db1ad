package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.ValueCodec;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Concurrent misses of one key in this JVM share one load: a decorator of the
 * {@link LeaseProtocol} for processes that serve many requests at once (the local server
 * adds it; a Lambda environment serves one at a time). Every caller does its own lookup;
 * only the load after a miss is shared.
 *
 * <p>
 * A caller that joins a load takes its answer only if that answer is at least as new as
 * the caller itself ({@link #joined}); otherwise it reads again on its own, so a write
 * that completed before it arrived is never hidden from it by a load that began before
 * that write.
 */
public final class SingleFlight implements CacheReads {

    private final LeaseProtocol protocol;

    private final Ticker ticker;

    private final Map<String, CompletableFuture<Read<?>>> inFlight = new ConcurrentHashMap<>();

    public SingleFlight(LeaseProtocol protocol, Ticker ticker) {
        this.protocol = protocol;
        this.ticker = ticker;
    }

    @Override
    public <V> Read<V> read(String key, ValueCodec<V> codec, Duration ttl, Supplier<Optional<V>> loader) {
        Lookup<V> lookup = protocol.lookUp(key, codec);
        if (lookup.isHit()) {
            return lookup.hitAsRead();
        }
        CompletableFuture<Read<?>> mine = new CompletableFuture<>();
        CompletableFuture<Read<?>> leader = inFlight.putIfAbsent(key, mine);
        if (leader != null) {
            long joinedAt = ticker.nanoTime();
            return joined(join(leader), joinedAt, () -> protocol.read(key, codec, ttl, loader));
        }
        try {
            Read<V> read = protocol.load(lookup, ttl, loader);
            mine.complete(read);
            return read;
        }
        catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        }
        finally {
            inFlight.remove(key, mine);
        }
    }

    /**
     * A joiner's answer: the leader's if it is at least as new as the moment the joiner
     * arrived, else a read of its own.
     */
    static <V> Read<V> joined(Read<V> leaders, long joinedAt, Supplier<Read<V>> readAgain) {
        return leaders.freshAsOf() - joinedAt >= 0 ? leaders : readAgain.get();
    }

    @SuppressWarnings("unchecked")
    private static <V> Read<V> join(CompletableFuture<Read<?>> leader) {
        try {
            return (Read<V>) leader.join();
        }
        catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

}
