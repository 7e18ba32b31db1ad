package dev.userfunctions.cache.lease;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/** The flights of this JVM: one future per key being loaded. */
public final class LocalFlights implements Flights {

    private final Map<String, CompletableFuture<Read<?>>> inFlight = new ConcurrentHashMap<>();

    @Override
    public Seat board(String key) {
        CompletableFuture<Read<?>> mine = new CompletableFuture<>();
        CompletableFuture<Read<?>> leader = inFlight.putIfAbsent(key, mine);
        return leader == null ? new LocalSeat(key, mine, true) : new LocalSeat(key, leader, false);
    }

    @Override
    public Read<?> await(Seat joined) {
        try {
            return ((LocalSeat) joined).flight().join();
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

    @Override
    public void land(Seat led, Read<?> read) {
        LocalSeat seat = (LocalSeat) led;
        seat.flight().complete(read);
        inFlight.remove(seat.key(), seat.flight());
    }

    @Override
    public void abort(Seat led, Throwable failure) {
        LocalSeat seat = (LocalSeat) led;
        seat.flight().completeExceptionally(failure);
        inFlight.remove(seat.key(), seat.flight());
    }

    private record LocalSeat(String key, CompletableFuture<Read<?>> flight, boolean leads) implements Seat {
    }

}
