package dev.userfunctions.users.config;

import dev.userfunctions.cache.RedisLogin;

import java.util.Optional;

/**
 * Where the MongoDB connection string and the Redis login come from: the settings
 * ({@code MONGODB_URI}, {@code REDIS_USERNAME}, {@code REDIS_PASSWORD}), or on Lambda AWS
 * Secrets Manager.
 */
public interface Credentials {

    /** The MongoDB connection string to connect with now; null or blank when unset. */
    String mongoUri();

    /** Who to log in to Redis as; empty when the cluster needs no password. */
    Optional<RedisLogin> redisLogin();

    /**
     * MongoDB refused the connection string's credentials (authentication failed, code
     * 18). Returns true when the source now holds a different connection string to
     * reconnect with. Runs on the failing request, so it may block briefly.
     */
    boolean mongoRefused();

    /** The settings' own values, which never change while the process runs. */
    static Credentials fromSettings(MongoSettings mongo, RedisSettings redis) {
        Optional<RedisLogin> login = Optional.ofNullable(redis.password())
            .filter(value -> !value.isEmpty())
            .map(password -> RedisLogin.fixed(redis.username(), password));
        return new Credentials() {

            @Override
            public String mongoUri() {
                return mongo.uri();
            }

            @Override
            public Optional<RedisLogin> redisLogin() {
                return login;
            }

            @Override
            public boolean mongoRefused() {
                return false;
            }

        };
    }

}
