package dev.userfunctions.users.config;

/**
 * Every setting the shared parts of a function read: MongoDB, the Redis Cluster, the
 * cache. The local server's context binds the three records; a Lambda handler binds them
 * with {@link #bind(SettingsBinder)}, from the same declarations.
 *
 * @param mongo {@code MONGODB_*}
 * @param redis {@code REDIS_*}
 * @param cache {@code CACHE_*}
 */
public record UsersSettings(MongoSettings mongo, RedisSettings redis, CacheProperties cache) {

    public static UsersSettings bind(SettingsBinder settings) {
        return new UsersSettings(settings.bind(MongoSettings.class), settings.bind(RedisSettings.class),
                settings.bind(CacheProperties.class));
    }

}
