package dev.userfunctions.countusers;

import dev.userfunctions.users.config.UsersConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The {@code countUsers} function, built from its constructor, for each transport to
 * register in its own way.
 */
@Configuration(proxyBeanMethods = false)
@Import({ UsersConfiguration.class, CountUsersFunction.class })
public class CountUsersConfiguration {

}
