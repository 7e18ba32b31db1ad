package dev.userfunctions.benchmarks;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.function.Supplier;

/**
 * A function that does nothing, on the same server: what the framework alone costs per
 * request.
 */
@Configuration(proxyBeanMethods = false)
public class NoopFunction {

    @Bean
    Supplier<String> noop() {
        return () -> "{}";
    }

}
