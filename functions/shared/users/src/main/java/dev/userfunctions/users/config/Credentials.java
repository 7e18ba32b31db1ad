package dev.userfunctions.users.config;

import dev.userfunctions.cache.RedisPassword;

import java.util.Optional;

/**
 * Where the MongoDB connection string and the Redis password come from: the settings
 * ({@code MONGODB_URI}, {@code REDIS_PASSWORD}) unless the application defines a bean of
 * this type (the Lambda jars do, for AWS Secrets Manager).
 */
public interface Credentials {

    /** The MongoDB connection string to connect with now; null or blank when unset. */
    String mongoUri();

    /** The Redis password's source; empty when the cluster needs none. */
    Optional<RedisPassword> redisPassword();

    /**
     * MongoDB refused the connection string's credentials (authentication failed, code
     * 18). Returns true when the source now holds a different connection string to
     * reconnect with. Runs on the failing request, so it may block briefly.
     */
    boolean mongoRefused();

    /** The settings' own values, which never change while the process runs. */
    static Credentials fromSettings(MongoSettings mongo, RedisSettings redis) {
        Optional<RedisPassword> password = Optional.ofNullable(redis.password())
            .filter(value -> !value.isEmpty())
            .map(RedisPassword::fixed);
        return new Credentials() {

            @Override
            public String mongoUri() {
                return mongo.uri();
            }

            @Override
            public Optional<RedisPassword> redisPassword() {
                return password;
            }

            @Override
            public boolean mongoRefused() {
                return false;
            }

        };
    }

}
