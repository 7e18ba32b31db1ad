package dev.userfunctions.seedusers;

import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import dev.userfunctions.users.config.SettingSource;
import dev.userfunctions.users.config.UsersConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;

/** The {@code seedUsers} function, for each transport to register in its own way. */
@Configuration(proxyBeanMethods = false)
@Import(UsersConfiguration.class)
public class SeedUsersConfiguration {

    @Bean
    SeedUsersFunction seedUsersFunction(UserRepository users, UserCache cache, ConfigurableEnvironment environment) {
        return new SeedUsersFunction(users, cache, SeedProperties.from(SettingSource.of(environment)).timeBudget());
    }

}
