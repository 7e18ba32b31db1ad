package dev.userfunctions.cache;

import java.util.Objects;
import java.util.Optional;

/** A value (or its known absence) and where it came from. */
public record CacheResult<V>(Optional<V> value, CacheOutcome outcome) {

    public CacheResult {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(outcome, "outcome");
    }
}
