package dev.userfunctions.seedusers;

import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import dev.userfunctions.users.config.UsersConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Registers the {@code seedUsers} function. */
@Configuration(proxyBeanMethods = false)
@Import(UsersConfiguration.class)
@EnableConfigurationProperties(SeedProperties.class)
public class SeedUsersConfiguration {

    @Bean
    SeedUsersFunction seedUsers(UserRepository users, UserCache cache, SeedProperties seed) {
        return new SeedUsersFunction(users, cache, seed.timeBudget());
    }

}
