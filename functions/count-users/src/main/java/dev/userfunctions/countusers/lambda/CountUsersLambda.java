package dev.userfunctions.countusers.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.userfunctions.aws.ApiGatewayAdapter;
import dev.userfunctions.aws.ApiGatewayConfiguration;
import dev.userfunctions.aws.telemetry.InvocationTelemetry;
import dev.userfunctions.aws.secrets.LambdaSecretsConfiguration;
import dev.userfunctions.aws.telemetry.LambdaTelemetryConfiguration;
import dev.userfunctions.countusers.CountUsersConfiguration;
import dev.userfunctions.countusers.CountUsersFunction;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;
import org.springframework.messaging.Message;

import java.util.function.Function;

/**
 * The countUsers Lambda ({@code GET /users/count}): {@link CountUsersFunction}, wired in
 * {@link CountUsersConfiguration}, behind API Gateway.
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import({ ApiGatewayConfiguration.class, CountUsersConfiguration.class, LambdaTelemetryConfiguration.class,
        LambdaSecretsConfiguration.class })
@PropertySource("classpath:dev/userfunctions/countusers/lambda/function.properties")
public class CountUsersLambda {

    @Bean
    Function<Message<byte[]>, APIGatewayProxyResponseEvent> countUsersOnApiGateway(CountUsersFunction countUsers,
            InvocationTelemetry telemetry, ApiGatewayAdapter apiGateway) {
        return telemetry.observe("countUsers", apiGateway.noInput(countUsers::answer));
    }

}
