package dev.userfunctions.users;

/**
 * What one seeding wrote to MongoDB: documents created, and documents that already
 * existed.
 */
public record SeedResult(long inserted, long matched) {
}
