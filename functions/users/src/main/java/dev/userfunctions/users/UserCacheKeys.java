package dev.userfunctions.users;

import dev.userfunctions.cache.CacheKeys;

/** The cache keys of the users domain: {@code users:v1:name:<base64url(name)>} and {@code users:v1:count}. */
public final class UserCacheKeys {

    private static final CacheKeys KEYS = CacheKeys.of("users", 1);

    private UserCacheKeys() {
    }

    public static String byName(String name) {
        return KEYS.key("name", name);
    }

    public static String count() {
        return KEYS.key("count");
    }
}
