package dev.userfunctions.seedusers.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.userfunctions.aws.ApiGatewayAdapter;
import dev.userfunctions.aws.telemetry.InvocationTelemetry;
import dev.userfunctions.aws.telemetry.LambdaTelemetryConfiguration;
import dev.userfunctions.seedusers.SeedProperties;
import dev.userfunctions.seedusers.SeedUsersFunction;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import dev.userfunctions.users.config.UsersConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;

import java.util.function.Function;

/**
 * The seedUsers Lambda ({@code POST /users/seed}, IAM-authorised):
 * {@link SeedUsersFunction} behind API Gateway.
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import({ UsersConfiguration.class, LambdaTelemetryConfiguration.class })
@EnableConfigurationProperties(SeedProperties.class)
public class SeedUsersLambda {

    @Bean
    Function<Message<byte[]>, APIGatewayProxyResponseEvent> seedUsers(UserRepository users, UserCache cache,
            SeedProperties seed, InvocationTelemetry telemetry) {
        return telemetry.observe("seedUsers",
                ApiGatewayAdapter.body(new SeedUsersFunction(users, cache, seed.timeBudget())));
    }

}
