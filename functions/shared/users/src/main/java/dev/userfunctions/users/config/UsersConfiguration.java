package dev.userfunctions.users.config;

import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What every function shares, for a Spring application (the local server): the
 * {@link UsersRuntime} built from the settings, and its parts as beans. Created once per
 * JVM and reused.
 */
@Configuration(proxyBeanMethods = false)
public class UsersConfiguration {

    /** Read from the environment as a Lambda handler reads its process. */
    @Bean
    UsersSettings usersSettings(ConfigurableEnvironment environment) {
        return UsersSettings.from(SettingSource.of(environment));
    }

    @Bean(destroyMethod = "close")
    UsersRuntime usersRuntime(UsersSettings settings, ObjectProvider<CacheSettingsCustomizer> customizers,
            ObjectProvider<MeterRegistry> meterRegistry) {
        return UsersRuntime.open(settings, Credentials.fromSettings(settings.mongo(), settings.redis()),
                new Telemetry.Meters(meterRegistry.getIfAvailable(() -> Metrics.globalRegistry)),
                customizers.orderedStream().toList());
    }

    /**
     * The MongoDB client behind a factory that can replace it; Boot's own Mongo
     * configuration backs off. Closed by the runtime.
     */
    @Bean(destroyMethod = "")
    ReopenableMongoDatabaseFactory mongoDatabaseFactory(UsersRuntime users) {
        return users.mongo();
    }

    @Bean
    MongoTemplate mongoTemplate(UsersRuntime users) {
        return users.template();
    }

    @Bean
    UserRepository userRepository(UsersRuntime users) {
        return users.repository();
    }

    /** Closed by the runtime. */
    @Bean(destroyMethod = "")
    UserCache userCache(UsersRuntime users) {
        return users.cache();
    }

    /**
     * The end of the start waits for the Redis connection, at most the start-up wait.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> cacheReadyAtStart(UserCache cache) {
        return ready -> cache.awaitStartup();
    }

}
