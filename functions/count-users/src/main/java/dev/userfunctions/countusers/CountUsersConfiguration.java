package dev.userfunctions.countusers;

import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import dev.userfunctions.users.config.UsersConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Registers the {@code countUsers} function. */
@Configuration(proxyBeanMethods = false)
@Import(UsersConfiguration.class)
public class CountUsersConfiguration {

    @Bean
    CountUsersFunction countUsers(UserRepository users, UserCache cache) {
        return new CountUsersFunction(users, cache);
    }

}
