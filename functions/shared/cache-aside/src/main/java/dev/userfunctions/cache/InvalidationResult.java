package dev.userfunctions.cache;

import java.util.List;

/**
 * What an invalidation did: how many keys were asked for, how many existed and were
 * deleted, and which could not be deleted (with why), so that callers can report them
 * instead of silently serving stale data.
 */
public record InvalidationResult(int requested, long deleted, List<String> failedKeys, String failureReason) {

    public InvalidationResult {
        failedKeys = List.copyOf(failedKeys);
    }
}
