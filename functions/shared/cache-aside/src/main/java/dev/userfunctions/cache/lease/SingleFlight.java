package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.ValueCodec;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Concurrent misses of one key in this JVM share one load: a decorator of the
 * {@link LeaseProtocol} for processes that serve many requests at once (the local server
 * adds it; a Lambda environment serves one at a time). Every caller does its own lookup;
 * only the load after a miss is shared, through the process's {@link Flights}.
 *
 * <p>
 * A caller that joins a load takes its answer only if that answer is at least as new as
 * the caller itself ({@link #joined}); otherwise it reads again on its own, so a write
 * that completed before it arrived is never hidden from it by a load that began before
 * that write.
 *
 * @param protocol the reads it decorates
 * @param flights the process's loads in flight
 * @param ticker the clock a joiner's arrival is read from
 */
public record SingleFlight(LeaseProtocol protocol, Flights flights, Ticker ticker) implements CacheReads {

    @Override
    public <V> Read<V> read(String key, ValueCodec<V> codec, Duration ttl, Supplier<Optional<V>> loader) {
        Lookup<V> lookup = protocol.lookUp(key, codec);
        if (lookup.isHit()) {
            return lookup.hitAsRead();
        }
        Flights.Seat seat = flights.board(key);
        if (!seat.leads()) {
            long joinedAt = ticker.nanoTime();
            @SuppressWarnings("unchecked")
            Read<V> leaders = (Read<V>) flights.await(seat);
            return joined(leaders, joinedAt, () -> protocol.read(key, codec, ttl, loader));
        }
        Read<V> read;
        try {
            read = protocol.load(lookup, ttl, loader);
        }
        catch (RuntimeException | Error e) {
            flights.abort(seat, e);
            throw e;
        }
        flights.land(seat, read);
        return read;
    }

    /**
     * A joiner's answer: the leader's if it is at least as new as the moment the joiner
     * arrived, else a read of its own.
     */
    static <V> Read<V> joined(Read<V> leaders, long joinedAt, Supplier<Read<V>> readAgain) {
        return leaders.freshAsOf() - joinedAt >= 0 ? leaders : readAgain.get();
    }

}
