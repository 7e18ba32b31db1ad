package dev.userfunctions.local;

import dev.userfunctions.countusers.CountUsersConfiguration;
import dev.userfunctions.getuser.GetUserConfiguration;
import dev.userfunctions.seedusers.SeedUsersConfiguration;
import dev.userfunctions.users.config.CacheSettingsCustomizer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * getUser, seedUsers and countUsers over HTTP. Without {@code MONGODB_URI} /
 * {@code REDIS_NODES} it first starts the embedded default for what is missing; with them
 * it starts nothing embedded.
 */
@SpringBootApplication
@Import({ GetUserConfiguration.class, SeedUsersConfiguration.class, CountUsersConfiguration.class })
public class LocalServerApplication {

    @Bean
    ApplicationListener<WebServerInitializedEvent> announceAddress() {
        return event -> ConsoleMessages.sayOnceLoggingIsUp(
                "Functions listening on http://localhost:%d : GET /getUser/{name}, POST /seedUsers, GET /countUsers"
                    .formatted(event.getWebServer().getPort()));
    }

    /**
     * This server answers many requests at once: concurrent misses of one key share one
     * load (a Lambda environment, one request at a time, has none to share).
     */
    @Bean
    CacheSettingsCustomizer singleFlight() {
        return settings -> settings.withSingleFlight(true);
    }

    /**
     * A start that fails exits at once with status 1: Spring has printed why (one line
     * naming the setting, for a bad one), and the JVM's shutdown hook stops the embedded
     * servers it started; without the exit their threads would keep the JVM, and six
     * redis-server processes, running.
     */
    public static void main(String[] args) {
        // As SpringApplication does first thing: hold log output until the configured
        // levels apply, so that the
        // embedded default's start-up (before Spring) does not print at DEBUG.
        LoggingSystem.get(LocalServerApplication.class.getClassLoader()).beforeInitialize();
        try {
            EmbeddedDefault.startWhatIsNotConfigured(System.getenv());
        }
        catch (RuntimeException failed) {
            System.err.println("ERROR: could not start the embedded default: " + failed.getMessage());
            System.exit(1);
        }
        try {
            SpringApplication.run(LocalServerApplication.class, args);
        }
        catch (RuntimeException failed) {
            System.exit(1);
        }
    }

}
