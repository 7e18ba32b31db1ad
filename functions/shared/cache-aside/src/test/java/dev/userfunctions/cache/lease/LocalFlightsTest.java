package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.CacheOutcome;
import dev.userfunctions.cache.CacheResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalFlightsTest {

    private final LocalFlights flights = new LocalFlights();

    private final Read<String> answer = new Read<>(new CacheResult<>(Optional.of("v"), CacheOutcome.MISS), 7);

    @Test
    void theFirstToBoardLeadsAndTheNextJoinsUntilItLands() throws Exception {
        Flights.Seat leader = flights.board("k");
        Flights.Seat joiner = flights.board("k");
        CompletableFuture<Read<?>> awaited = CompletableFuture.supplyAsync(() -> flights.await(joiner));

        assertThat(leader.leads()).isTrue();
        assertThat(joiner.leads()).isFalse();
        assertThat(flights.board("other").leads()).as("another key has a flight of its own").isTrue();
        assertThat(awaited).isNotDone();

        flights.land(leader, answer);

        assertThat(awaited.get(5, TimeUnit.SECONDS)).isSameAs(answer);
        assertThat(flights.board("k").leads()).as("a landed flight is gone: the next miss loads again").isTrue();
    }

    @Test
    void anAbortedFlightThrowsTheLeadersFailureToItsJoiners() {
        Flights.Seat leader = flights.board("k");
        Flights.Seat joiner = flights.board("k");
        IllegalStateException failure = new IllegalStateException("MongoDB timed out");

        flights.abort(leader, failure);

        assertThatThrownBy(() -> flights.await(joiner)).isSameAs(failure);
        assertThat(flights.board("k").leads()).isTrue();
    }

    @Test
    void aJoinerWaitsOnlyForItsOwnKeysLeader() {
        Flights.Seat leader = flights.board("k");
        Flights.Seat otherLeader = flights.board("other");
        Flights.Seat joiner = flights.board("k");
        CompletableFuture<Read<?>> awaited = CompletableFuture.supplyAsync(() -> flights.await(joiner));

        flights.land(otherLeader, answer);
        assertThat(awaited).as("another key's landing").isNotDone();

        flights.land(leader, answer);
        assertThat(awaited).succeedsWithin(Duration.ofSeconds(5)).isSameAs(answer);
    }

}
