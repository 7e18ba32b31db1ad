package dev.userfunctions.users.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code MONGODB_URI} (the mongos router in a sharded setup; required) and
 * {@code MONGODB_DATABASE} (default {@code somedb}). Timeouts the URI does not set
 * default to 2 s server selection, 1 s connect and 5 s socket read, so an unreachable
 * MongoDB is a 503 within seconds, never the driver's 30 s.
 */
@ConfigurationProperties("mongodb")
public record MongoSettings(String uri, String database) {

    public static final String DEFAULT_DATABASE = "somedb";

    public MongoSettings {
        database = database == null || database.isBlank() ? DEFAULT_DATABASE : database;
    }
}
