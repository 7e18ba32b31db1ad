package dev.userfunctions.local;

import dev.userfunctions.embedded.EmbeddedMongo;
import dev.userfunctions.embedded.EmbeddedRedisCluster;
import dev.userfunctions.users.UserRepository;
import dev.userfunctions.users.config.MongoSettings;

import java.util.Map;

/**
 * Starts the embedded Redis Cluster and/or MongoDB when {@code REDIS_NODES} /
 * {@code MONGODB_URI} are not set, and points the configuration at them. The embedded
 * MongoDB gets a unique index on the users' names: it ignores the repository's non-unique
 * one, and without any every upsert of a seed would scan the collection. Both stop with
 * the JVM (Ctrl-C included) through the embedded stack's shutdown hook.
 */
final class EmbeddedDefault {

    private EmbeddedDefault() {
    }

    static void startWhatIsNotConfigured(Map<String, String> environment) {
        if (isUnset(environment, "MONGODB_URI", "mongodb.uri")) {
            EmbeddedMongo mongo = EmbeddedMongo.start();
            mongo.createUniqueIndex(database(environment), UserRepository.COLLECTION, "name");
            System.setProperty("mongodb.uri", mongo.connectionString());
            ConsoleMessages.say("MONGODB_URI not set: started the embedded MongoDB (mongo-java-server, in memory) at "
                    + mongo.connectionString());
        }
        else {
            ConsoleMessages.say("Using MongoDB from MONGODB_URI");
        }
        if (isUnset(environment, "REDIS_NODES", "redis.nodes")) {
            EmbeddedRedisCluster redis = EmbeddedRedisCluster.start();
            System.setProperty("redis.nodes", redis.seeds());
            ConsoleMessages.say("REDIS_NODES not set: started an embedded Redis Cluster (3 masters, 3 replicas) at "
                    + redis.seeds());
        }
        else {
            ConsoleMessages.say("Using the Redis Cluster from REDIS_NODES");
        }
    }

    private static String database(Map<String, String> environment) {
        String configured = environment.getOrDefault("MONGODB_DATABASE", System.getProperty("mongodb.database", ""));
        return configured.isBlank() ? MongoSettings.DEFAULT_DATABASE : configured;
    }

    private static boolean isUnset(Map<String, String> environment, String variable, String property) {
        String value = environment.get(variable);
        return (value == null || value.isBlank()) && System.getProperty(property, "").isBlank();
    }

}
