package dev.userfunctions.users.config;

import dev.userfunctions.users.UserEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The seed's counts as Micrometer meters:
 * {@code users.upserted{result=inserted|matched}}.
 */
final class UserMeters implements UserEvents {

    private final Counter inserted;

    private final Counter matched;

    UserMeters(MeterRegistry registry) {
        this.inserted = registry.counter("users.upserted", "result", "inserted");
        this.matched = registry.counter("users.upserted", "result", "matched");
    }

    @Override
    public void upserted(long insertedUsers, long matchedUsers) {
        inserted.increment(insertedUsers);
        matched.increment(matchedUsers);
    }

}
