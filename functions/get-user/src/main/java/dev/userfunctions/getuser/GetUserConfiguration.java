package dev.userfunctions.getuser;

import dev.userfunctions.users.config.UsersConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The {@code getUser} function, built from its constructor, for each transport to
 * register in its own way.
 */
@Configuration(proxyBeanMethods = false)
@Import({ UsersConfiguration.class, GetUserFunction.class })
public class GetUserConfiguration {

}
