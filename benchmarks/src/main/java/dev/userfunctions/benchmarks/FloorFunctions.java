package dev.userfunctions.benchmarks;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Functions that do nothing, on the same server, as floors for getUser: what the
 * framework alone costs per request. {@code noop} supplies a constant; {@code echo} has
 * getUser's shape (a {@code Function<String, String>} taking the path argument through
 * the same filter), so what lies between echo and getUser is getUser's own work.
 */
@Configuration(proxyBeanMethods = false)
public class FloorFunctions {

    @Bean
    Supplier<String> noop() {
        return () -> "{}";
    }

    @Bean
    Function<String, String> echo() {
        return argument -> argument;
    }

}
