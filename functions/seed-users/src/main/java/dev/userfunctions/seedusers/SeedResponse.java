package dev.userfunctions.seedusers;

/**
 * What a seeding did: users created and users that already existed in MongoDB; cache keys
 * invalidated (the users' entries, cached "not found" answers included, and the count)
 * and those that could not be, with why; whether every requested user was written, and if
 * the time budget ended it early, the {@code start} to continue from; and how long it
 * took.
 */
public record SeedResponse(long inserted, long matched, long invalidated, long invalidationFailures,
        String invalidationError, boolean complete, Long nextStart, long tookMs) {
}
