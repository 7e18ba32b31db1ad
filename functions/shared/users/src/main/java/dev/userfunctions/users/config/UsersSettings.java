package dev.userfunctions.users.config;

/**
 * Every setting the shared parts of a function read: MongoDB, the Redis Cluster, the
 * cache, read from the local server's environment or a Lambda handler's process by the
 * same code ({@link #from(SettingSource)}).
 *
 * @param mongo {@code MONGODB_*}
 * @param redis {@code REDIS_*}
 * @param cache {@code CACHE_*}
 */
public record UsersSettings(MongoSettings mongo, RedisSettings redis, CacheProperties cache) {

    public static UsersSettings from(SettingSource settings) {
        return new UsersSettings(MongoSettings.from(settings), RedisSettings.from(settings),
                CacheProperties.from(settings));
    }

}
