package dev.userfunctions.seedusers;

/**
 * What a seeding did: users created and users that already existed in MongoDB; cache keys invalidated
 * (the users' entries, cached "not found" answers included, and the count) and those that could not be,
 * with why; and how long it took.
 */
public record SeedResponse(long inserted, long matched, long invalidated, long invalidationFailures,
                           String invalidationError, long tookMs) {
}
