package dev.userfunctions.local;

import dev.userfunctions.countusers.CountUsersConfiguration;
import dev.userfunctions.getuser.GetUserConfiguration;
import dev.userfunctions.seedusers.SeedUsersConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * getUser, seedUsers and countUsers over HTTP. Without {@code MONGODB_URI} / {@code REDIS_NODES} it first
 * starts the embedded default for what is missing; with them it starts nothing embedded.
 */
@SpringBootApplication
@Import({GetUserConfiguration.class, SeedUsersConfiguration.class, CountUsersConfiguration.class})
public class LocalServerApplication {

    @Bean
    ApplicationListener<WebServerInitializedEvent> announceAddress() {
        return event -> System.out.printf("Functions listening on http://localhost:%d : GET /getUser/{name}, POST /seedUsers, GET /countUsers%n",
                event.getWebServer().getPort());
    }

    public static void main(String[] args) {
        EmbeddedDefault.startWhatIsNotConfigured(System.getenv());
        SpringApplication.run(LocalServerApplication.class, args);
    }
}
