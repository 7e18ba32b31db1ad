package dev.userfunctions.getuser;

import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import dev.userfunctions.users.config.UsersConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Registers the {@code getUser} function. */
@Configuration(proxyBeanMethods = false)
@Import(UsersConfiguration.class)
public class GetUserConfiguration {

    @Bean
    GetUserFunction getUser(UserRepository users, UserCache cache) {
        return new GetUserFunction(users, cache);
    }

}
