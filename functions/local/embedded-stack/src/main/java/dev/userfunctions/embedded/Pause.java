package dev.userfunctions.embedded;

import java.time.Duration;

/**
 * A pause of a known length where the time itself is the point (a drill's phases, a
 * node's shutdown poll), not a wait for a condition; an interrupt ends it and is kept.
 */
public final class Pause {

    private Pause() {
    }

    public static void of(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

}
