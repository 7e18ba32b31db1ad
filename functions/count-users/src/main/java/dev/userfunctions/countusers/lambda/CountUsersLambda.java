package dev.userfunctions.countusers.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.userfunctions.aws.ApiGatewayAdapter;
import dev.userfunctions.aws.telemetry.InvocationTelemetry;
import dev.userfunctions.aws.telemetry.LambdaTelemetryConfiguration;
import dev.userfunctions.countusers.CountUsersFunction;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import dev.userfunctions.users.config.UsersConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;

import java.util.function.Function;

/**
 * The countUsers Lambda ({@code GET /users/count}): {@link CountUsersFunction} behind API
 * Gateway.
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import({ UsersConfiguration.class, LambdaTelemetryConfiguration.class })
public class CountUsersLambda {

    @Bean
    Function<Message<byte[]>, APIGatewayProxyResponseEvent> countUsers(UserRepository users, UserCache cache,
            InvocationTelemetry telemetry) {
        return telemetry.observe("countUsers", ApiGatewayAdapter.noInput(new CountUsersFunction(users, cache)));
    }

}
