package dev.userfunctions.benchmarks.minimal;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import java.util.function.Function;

/**
 * The smallest function on the same stack (Spring Boot, Spring Cloud Function,
 * FunctionInvoker): the cold-start floor.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class MinimalLambda {

    @Bean
    Function<String, String> echo() {
        return input -> input;
    }

}
