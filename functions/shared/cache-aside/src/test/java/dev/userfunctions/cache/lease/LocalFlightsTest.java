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
import static org.awaitility.Awaitility.await;

class LocalFlightsTest {

    private final LocalFlights flights = new LocalFlights();

    private final Read<String> answer = new Read<>(new CacheResult<>(Optional.of("v"), CacheOutcome.MISS), 7);

    @Test
    void theFirstToBoardLeadsAndTheNextJoinsUntilItLands() throws Exception {
        Flights.Seat leader = flights.board("k");
        Flights.Seat joiner = flights.board("k");
        Joiner awaited = Joiner.waitingFor(flights, joiner);

        assertThat(leader.leads()).isTrue();
        assertThat(joiner.leads()).isFalse();
        assertThat(flights.board("other").leads()).as("another key has a flight of its own").isTrue();
        assertThat(awaited.stillWaiting()).as("the joiner waits for the landing").isTrue();

        flights.land(leader, answer);

        assertThat(awaited.read().get(5, TimeUnit.SECONDS)).isSameAs(answer);
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
        Joiner awaited = Joiner.waitingFor(flights, joiner);

        flights.land(otherLeader, answer);
        assertThat(awaited.stillWaiting()).as("after another key's landing").isTrue();

        flights.land(leader, answer);
        assertThat(awaited.read()).succeedsWithin(Duration.ofSeconds(5)).isSameAs(answer);
    }

    /**
     * {@code flights.await(seat)} on a thread of its own, which {@link #waitingFor}
     * returns only once that thread waits (or has returned).
     */
    private record Joiner(Thread thread, CompletableFuture<Read<?>> read) {

        static Joiner waitingFor(LocalFlights flights, Flights.Seat seat) {
            CompletableFuture<Read<?>> read = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    read.complete(flights.await(seat));
                }
                catch (RuntimeException e) {
                    read.completeExceptionally(e);
                }
            }, "joiner");
            thread.setDaemon(true);
            thread.start();
            Joiner joiner = new Joiner(thread, read);
            joiner.stillWaiting();
            return joiner;
        }

        /**
         * Whether the joiner still waits, once it is parked or has returned: a woken
         * joiner that goes back to waiting still waits.
         */
        boolean stillWaiting() {
            await("the joiner parked or returned").atMost(Duration.ofSeconds(5))
                .until(() -> read.isDone() || thread.getState() == Thread.State.WAITING
                        || thread.getState() == Thread.State.TIMED_WAITING);
            return !read.isDone();
        }

    }

}
