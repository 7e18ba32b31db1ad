package dev.userfunctions.embedded;

/**
 * The embedded default: a Redis Cluster of real redis-server processes and an in-JVM
 * MongoDB wire server. Used by the local server when no real clusters are configured, and
 * by tests.
 */
public final class EmbeddedStack implements AutoCloseable {

    private final EmbeddedRedisCluster redis;

    private final EmbeddedMongo mongo;

    private EmbeddedStack(EmbeddedRedisCluster redis, EmbeddedMongo mongo) {
        this.redis = redis;
        this.mongo = mongo;
    }

    public static EmbeddedStack start() {
        EmbeddedMongo mongo = EmbeddedMongo.start();
        try {
            return new EmbeddedStack(EmbeddedRedisCluster.start(), mongo);
        }
        catch (RuntimeException e) {
            mongo.close();
            throw e;
        }
    }

    public EmbeddedRedisCluster redis() {
        return redis;
    }

    public EmbeddedMongo mongo() {
        return mongo;
    }

    /** Comma-separated seeds for {@code REDIS_NODES}. */
    public String redisSeeds() {
        return redis.seeds();
    }

    /** Connection string for {@code MONGODB_URI}. */
    public String mongoUri() {
        return mongo.connectionString();
    }

    @Override
    public void close() {
        try {
            redis.close();
        }
        finally {
            mongo.close();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedStack[redis=" + redisSeeds() + ", mongo=" + mongoUri() + "]";
    }

}
