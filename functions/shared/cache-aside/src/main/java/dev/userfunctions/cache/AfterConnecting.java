package dev.userfunctions.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Checks run a while after each new connection, off the first requests' way, on the
 * connector's thread: a check that answers false (it got no answer) runs again as long
 * again later, at most {@link #TRIES} times per connection, and only while that
 * connection is still the one.
 */
final class AfterConnecting<C> {

    /**
     * The connection's logger: operators and tests follow the connection under one name.
     */
    private static final Logger log = LoggerFactory.getLogger(ClusterConnection.class);

    /** How long after a connection was made the checks run: 2 s. */
    static final Duration DELAY = Duration.ofSeconds(2);

    /** How often a check that got no answer runs: 5 times. */
    static final int TRIES = 5;

    private final List<Predicate<C>> checks = new CopyOnWriteArrayList<>();

    private final Scheduler scheduler;

    private final Supplier<Optional<C>> current;

    AfterConnecting(Scheduler scheduler, Supplier<Optional<C>> current) {
        this.scheduler = scheduler;
        this.current = current;
    }

    /** Adds {@code check}, run after each new connection and after the current one. */
    void add(Predicate<C> check) {
        checks.add(check);
        current.get().ifPresent(open -> runLater(check, open, 1));
    }

    /** A new connection was made. */
    void connected(C opened) {
        checks.forEach(check -> runLater(check, opened, 1));
    }

    /** A check's failure is its own: the connection stays made. */
    private void runLater(Predicate<C> check, C opened, int tried) {
        scheduler.schedule(() -> {
            if (current.get().filter(open -> open == opened).isEmpty()) {
                return;
            }
            boolean done;
            try {
                done = check.test(opened);
            }
            catch (RuntimeException e) {
                log.warn("After connecting to the Redis Cluster: {}", ErrorMessages.describe(e));
                done = true;
            }
            if (!done && tried < TRIES) {
                runLater(check, opened, tried + 1);
            }
        }, DELAY);
    }

}
