package dev.userfunctions.users.config;

import java.time.Duration;

/**
 * {@code MONGODB_URI} (the mongos router in a sharded setup; required) and
 * {@code MONGODB_DATABASE} (default {@code somedb}). Timeouts the URI does not set
 * default to the ones below, so an unreachable MongoDB is a 503 within seconds, never the
 * driver's 30 s.
 */
public record MongoSettings(String uri, String database) {

    public static final String DEFAULT_DATABASE = "somedb";

    /** Server selection, unless the URI says otherwise: 2 s. */
    public static final Duration DEFAULT_SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(2);

    /** Connect, unless the URI says otherwise: 1 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    /** Socket read, unless the URI says otherwise: 5 s. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

    public static MongoSettings from(SettingSource settings) {
        return new MongoSettings(settings.text("mongodb.uri"), settings.text("mongodb.database"));
    }

    public MongoSettings {
        database = database == null || database.isBlank() ? DEFAULT_DATABASE : database;
    }
}
