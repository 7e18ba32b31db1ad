package dev.userfunctions.users.config;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.userfunctions.cache.AddressMap;
import dev.userfunctions.cache.CacheSettings;
import dev.userfunctions.cache.ClusterConnection;
import dev.userfunctions.cache.RedisClusterSettings;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import dev.userfunctions.users.snapstart.SnapStartHooks;
import dev.userfunctions.users.snapstart.SnapStartPriming;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What every function shares: the MongoDB client and template, the one Redis Cluster
 * connection of this JVM, and the users cache over it. Created once per JVM (in a Lambda,
 * during the init phase) and reused.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ MongoSettings.class, RedisSettings.class, CacheProperties.class })
public class UsersConfiguration {

    private static final Logger log = LoggerFactory.getLogger(UsersConfiguration.class);

    /**
     * The MongoDB client behind a factory that can replace it (SnapStart); Boot's own
     * Mongo configuration backs off.
     */
    @Bean(destroyMethod = "close")
    ReopenableMongoDatabaseFactory mongoDatabaseFactory(MongoSettings settings, RedisSettings redis,
            ObjectProvider<Credentials> source) {
        Credentials credentials = credentials(source, settings, redis);
        return new ReopenableMongoDatabaseFactory(() -> mongoClient(credentials.mongoUri()), settings.database(),
                credentials::mongoRefused);
    }

    /**
     * The application's own credentials (the Lambda jars' AWS Secrets Manager), else the
     * settings'.
     */
    private static Credentials credentials(ObjectProvider<Credentials> source, MongoSettings mongo,
            RedisSettings redis) {
        return source.getIfAvailable(() -> Credentials.fromSettings(mongo, redis));
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

    @Bean
    SnapStartHooks snapStartHooks(ReopenableMongoDatabaseFactory mongo, UserCache cache,
            ObjectProvider<SnapStartPriming> primings) {
        return new SnapStartHooks(mongo, cache, primings.orderedStream().toList());
    }

    /**
     * The end of the start (in a Lambda, of the init phase) waits for the Redis
     * connection, at most the start-up wait.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> cacheReadyAtStart(UserCache cache) {
        return ready -> cache.awaitStartup();
    }

    @Bean
    MongoTemplate mongoTemplate(MongoDatabaseFactory factory) {
        return new MongoTemplate(factory);
    }

    @Bean
    UserRepository userRepository(MongoTemplate mongoTemplate, ObjectProvider<MeterRegistry> meterRegistry) {
        return new UserRepository(mongoTemplate, meterRegistry.getIfAvailable(() -> Metrics.globalRegistry));
    }

    /**
     * Parses a setting, turning a parse failure into the message that names its variable.
     */
    private static <T> T setting(String variable, String value, String allowed, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        }
        catch (IllegalArgumentException e) {
            throw new InvalidSettingException(variable, value, allowed + " (" + e.getMessage() + ")");
        }
    }

    @Bean(destroyMethod = "close")
    UserCache userCache(RedisSettings redis, MongoSettings mongo, ObjectProvider<Credentials> credentials,
            CacheProperties cache, ObjectProvider<CacheSettingsCustomizer> customizers,
            ObjectProvider<MeterRegistry> meterRegistry) {
        if (redis.nodes() == null || redis.nodes().isBlank()) {
            log.warn("REDIS_NODES is not set: running without the cache (every answer is X-Cache: BYPASS)");
            return UserCache.disabled();
        }
        RedisClusterSettings.Builder builder = RedisClusterSettings.builder();
        setting("REDIS_NODES", redis.nodes(), RedisSettings.NODES_ALLOWED, () -> builder.seeds(redis.nodes()));
        credentials(credentials, mongo, redis).redisPassword().ifPresent(builder::password);
        builder.tls(redis.tls())
            .addressMap(setting("REDIS_ADDRESS_MAP", redis.addressMap(), RedisSettings.ADDRESS_MAP_ALLOWED,
                    () -> AddressMap.parse(redis.addressMap())));
        builder.commandTimeout(cache.timeout());
        Optional.ofNullable(redis.topologyRefresh()).ifPresent(builder::topologyRefreshPeriod);
        CacheSettings.Builder cacheSettings = CacheSettings.builder()
            .name("users")
            .ttl(cache.ttl())
            .negativeTtl(cache.negativeTtl());
        customizers.orderedStream().forEach(customizer -> customizer.customize(cacheSettings));
        return UserCache.using(ClusterConnection.open(builder.build()), cacheSettings.build(), cache.countTtl(),
                meterRegistry.getIfAvailable(() -> Metrics.globalRegistry));
    }

}
