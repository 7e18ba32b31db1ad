package dev.userfunctions.cache.lease;

/**
 * The loads in flight in one process, by key: the table {@link SingleFlight} shares among
 * concurrent misses. A caller boards a key's flight, either leading it (it loads, then
 * lands the flight with its answer or aborts it with its failure) or joining the one in
 * progress (it awaits the leader's answer).
 */
public interface Flights {

    /** Leads the key's flight, or joins the one in progress. */
    Seat board(String key);

    /**
     * The leader's answer for a joined seat; the leader's failure is thrown as it was.
     */
    Read<?> await(Seat joined);

    /** Hands the leader's answer to every joiner and ends the flight. */
    void land(Seat led, Read<?> read);

    /** Hands the leader's failure to every joiner and ends the flight. */
    void abort(Seat led, Throwable failure);

    /** A caller's place on a key's flight. */
    interface Seat {

        /** True for the one caller that loads; false for those that await its answer. */
        boolean leads();

    }

}
