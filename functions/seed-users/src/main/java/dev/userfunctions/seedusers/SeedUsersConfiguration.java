package dev.userfunctions.seedusers;

import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import dev.userfunctions.users.config.UsersConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The {@code seedUsers} function, for each transport to register in its own way. */
@Configuration(proxyBeanMethods = false)
@Import(UsersConfiguration.class)
@EnableConfigurationProperties(SeedProperties.class)
public class SeedUsersConfiguration {

    @Bean
    SeedUsersFunction seedUsersFunction(UserRepository users, UserCache cache, SeedProperties seed) {
        return new SeedUsersFunction(users, cache, seed.timeBudget());
    }

}
