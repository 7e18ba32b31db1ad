package dev.userfunctions.seedusers.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.userfunctions.aws.ApiGatewayAdapter;
import dev.userfunctions.aws.ApiGatewayConfiguration;
import dev.userfunctions.aws.telemetry.InvocationTelemetry;
import dev.userfunctions.aws.secrets.LambdaSecretsConfiguration;
import dev.userfunctions.aws.telemetry.LambdaTelemetryConfiguration;
import dev.userfunctions.seedusers.SeedUsersConfiguration;
import dev.userfunctions.seedusers.SeedUsersFunction;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;
import org.springframework.messaging.Message;

import java.util.function.Function;

/**
 * The seedUsers Lambda ({@code POST /users/seed}, IAM-authorised):
 * {@link SeedUsersFunction}, wired in {@link SeedUsersConfiguration}, behind API Gateway.
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import({ ApiGatewayConfiguration.class, SeedUsersConfiguration.class, LambdaTelemetryConfiguration.class,
        LambdaSecretsConfiguration.class })
@PropertySource("classpath:dev/userfunctions/seedusers/lambda/function.properties")
public class SeedUsersLambda {

    @Bean
    Function<Message<byte[]>, APIGatewayProxyResponseEvent> seedUsersOnApiGateway(SeedUsersFunction seedUsers,
            InvocationTelemetry telemetry, ApiGatewayAdapter apiGateway) {
        return telemetry.observe("seedUsers", apiGateway.body(seedUsers::answer));
    }

}
