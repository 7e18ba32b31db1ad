package dev.userfunctions.users.config;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.userfunctions.cache.AddressMap;
import dev.userfunctions.cache.CacheSettings;
import dev.userfunctions.cache.RedisClusterSettings;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserEvents;
import dev.userfunctions.users.UserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The composition root of what every function shares, built once per JVM from its
 * settings: the MongoDB client (behind a factory SnapStart can reopen), the template and
 * the repository over it, and the users cache over the JVM's one Redis Cluster
 * connection. The local server's Spring configuration ({@link UsersConfiguration}) and
 * the Lambda handlers both build it here, so there is one wiring of these parts.
 */
public final class UsersRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsersRuntime.class);

    private final ReopenableMongoDatabaseFactory mongo;

    private final MongoTemplate template;

    private final UserRepository repository;

    private final UserCache cache;

    private UsersRuntime(ReopenableMongoDatabaseFactory mongo, UserCache cache, UserEvents events) {
        this.mongo = mongo;
        this.template = new MongoTemplate(mongo);
        this.repository = new UserRepository(template, events);
        this.cache = cache;
    }

    /**
     * Opens the MongoDB client and starts connecting to the Redis Cluster (without
     * waiting: see {@link UserCache#awaitStartup()}).
     * @param settings the bound settings
     * @param credentials where the MongoDB URI and the Redis password come from
     * @param telemetry where the cache and the repository report what they do
     * @param customizers adjustments of the cache settings for this kind of process
     * @throws InvalidSettingException naming the variable, for a value not allowed
     */
    public static UsersRuntime open(UsersSettings settings, Credentials credentials, Telemetry telemetry,
            List<CacheSettingsCustomizer> customizers) {
        ReopenableMongoDatabaseFactory mongo = new ReopenableMongoDatabaseFactory(
                () -> mongoClient(credentials.mongoUri()), settings.mongo().database(), credentials::mongoRefused);
        try {
            return new UsersRuntime(mongo, userCache(settings, credentials, telemetry, customizers),
                    telemetry.userEvents());
        }
        catch (RuntimeException e) {
            mongo.close();
            throw e;
        }
    }

    public ReopenableMongoDatabaseFactory mongo() {
        return mongo;
    }

    public MongoTemplate template() {
        return template;
    }

    public UserRepository repository() {
        return repository;
    }

    public UserCache cache() {
        return cache;
    }

    @Override
    public void close() {
        cache.close();
        mongo.close();
    }

    private static MongoClient mongoClient(String connectionString) {
        if (connectionString == null || connectionString.isBlank()) {
            throw new InvalidSettingException("MONGODB_URI", "(empty)",
                    "required: the MongoDB to use (the mongos router of a sharded "
                            + "cluster), for example MONGODB_URI=mongodb://localhost:27017; on Lambda, or "
                            + "SECRETS_MONGODB_ARN naming a secret that holds it");
        }
        ConnectionString uri;
        try {
            uri = new ConnectionString(connectionString);
        }
        catch (IllegalArgumentException e) {
            throw InvalidSettingException.hidingValue("MONGODB_URI",
                    "a connection string, mongodb://host:port or mongodb+srv://host ("
                            + e.getMessage().replaceAll("mongodb(\\+srv)?://\\S*", "...") + ")",
                    e);
        }
        MongoClientSettings.Builder client = MongoClientSettings.builder().applyConnectionString(uri);
        if (uri.getServerSelectionTimeout() == null) {
            client.applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(
                    MongoSettings.DEFAULT_SERVER_SELECTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
        if (uri.getConnectTimeout() == null) {
            client.applyToSocketSettings(socket -> socket
                .connectTimeout((int) MongoSettings.DEFAULT_CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
        if (uri.getSocketTimeout() == null) {
            client.applyToSocketSettings(socket -> socket
                .readTimeout((int) MongoSettings.DEFAULT_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
        return MongoClients.create(client.build());
    }

    private static UserCache userCache(UsersSettings settings, Credentials credentials, Telemetry telemetry,
            List<CacheSettingsCustomizer> customizers) {
        RedisSettings redis = settings.redis();
        if (redis.nodes() == null || redis.nodes().isBlank()) {
            log.warn("REDIS_NODES is not set: running without the cache (every answer is X-Cache: BYPASS)");
            return UserCache.disabled();
        }
        RedisClusterSettings.Builder builder = RedisClusterSettings.builder();
        setting("REDIS_NODES", redis.nodes(), RedisSettings.NODES_ALLOWED, () -> builder.seeds(redis.nodes()));
        if (redis.username() != null && credentials.redisLogin().isEmpty()) {
            throw new InvalidSettingException("REDIS_USERNAME", redis.username(),
                    "a user name with a password: set REDIS_PASSWORD too (or, on Lambda, a secret's \"password\")");
        }
        credentials.redisLogin().ifPresent(builder::login);
        builder.tls(redis.tls()).connectTimeout(redis.connectTimeout());
        if (redis.tlsTrust() != null) {
            Path trust = Path.of(redis.tlsTrust());
            if (!redis.tls() || !holdsCertificates(trust)) {
                throw new InvalidSettingException("REDIS_TLS_TRUST", redis.tlsTrust(), RedisSettings.TLS_TRUST_ALLOWED);
            }
            builder.tlsTrust(trust);
        }
        builder.addressMap(setting("REDIS_ADDRESS_MAP", redis.addressMap(), RedisSettings.ADDRESS_MAP_ALLOWED,
                () -> AddressMap.parse(redis.addressMap())));
        builder.commandTimeout(settings.cache().timeout());
        Optional.ofNullable(redis.topologyRefresh()).ifPresent(builder::topologyRefreshPeriod);
        CacheSettings cacheSettings = CacheSettings.named("users")
            .withTtls(settings.cache().ttl(), settings.cache().negativeTtl())
            .withInvalidationPatience(settings.cache().invalidationPatience());
        for (CacheSettingsCustomizer customizer : customizers) {
            cacheSettings = Objects.requireNonNull(customizer.customize(cacheSettings),
                    () -> customizer + " returned no cache settings");
        }
        return UserCache.over(telemetry.openCache(builder.build(), cacheSettings), settings.cache().countTtl());
    }

    /**
     * Whether {@code file} can be read and holds at least one X.509 certificate (PEM).
     */
    private static boolean holdsCertificates(Path file) {
        try (InputStream pem = Files.newInputStream(file)) {
            return !CertificateFactory.getInstance("X.509").generateCertificates(pem).isEmpty();
        }
        catch (IOException | CertificateException e) {
            return false;
        }
    }

    /**
     * Parses a setting, turning a parse failure into the message that names its variable.
     */
    private static <T> T setting(String variable, String value, String allowed, Supplier<T> parse) {
        try {
            return parse.get();
        }
        catch (IllegalArgumentException e) {
            throw new InvalidSettingException(variable, value, allowed + " (" + e.getMessage() + ")");
        }
    }

}
