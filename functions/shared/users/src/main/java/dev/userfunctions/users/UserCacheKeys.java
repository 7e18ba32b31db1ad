package dev.userfunctions.users;

import dev.userfunctions.cache.CacheKeys;

/**
 * The cache keys of the users domain: {@code users:v1:name:<base64url(name)>} and
 * {@code users:v2:count} (v2 since the count carries the shards' replica sets: an entry
 * of the old shape is never read as the new one).
 */
public final class UserCacheKeys {

    private static final CacheKeys KEYS = CacheKeys.of("users", 1);

    private static final CacheKeys COUNT_KEYS = CacheKeys.of("users", 2);

    private UserCacheKeys() {
    }

    public static String byName(String name) {
        return KEYS.key("name", name);
    }

    public static String count() {
        return COUNT_KEYS.key("count");
    }

}
