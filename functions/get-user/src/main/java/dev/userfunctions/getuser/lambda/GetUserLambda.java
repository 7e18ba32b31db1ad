package dev.userfunctions.getuser.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.userfunctions.aws.ApiGatewayAdapter;
import dev.userfunctions.aws.ApiGatewayConfiguration;
import dev.userfunctions.aws.telemetry.InvocationTelemetry;
import dev.userfunctions.aws.secrets.LambdaSecretsConfiguration;
import dev.userfunctions.aws.telemetry.LambdaTelemetryConfiguration;
import dev.userfunctions.getuser.GetUserConfiguration;
import dev.userfunctions.getuser.GetUserFunction;
import dev.userfunctions.users.snapstart.SnapStartPriming;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.PropertySource;
import org.springframework.messaging.Message;

import java.util.function.Function;

/**
 * The getUser Lambda ({@code GET /users/{name}}): the application {@code FunctionInvoker}
 * starts once per execution environment. It runs {@code getUserOnApiGateway}, the same
 * {@link GetUserFunction} the local server runs (wired once, in
 * {@link GetUserConfiguration}) behind the API Gateway adapter.
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import({ ApiGatewayConfiguration.class, GetUserConfiguration.class, LambdaTelemetryConfiguration.class,
        LambdaSecretsConfiguration.class })
@PropertySource("classpath:dev/userfunctions/getuser/lambda/function.properties")
public class GetUserLambda {

    /**
     * A name seedUsers can never create (its names end in a digit): priming reads MongoDB
     * and caches nothing of a user.
     */
    static final String PRIMING_NAME = "snapstart-priming-";

    @Bean
    Function<Message<byte[]>, APIGatewayProxyResponseEvent> getUserOnApiGateway(GetUserFunction getUser,
            InvocationTelemetry telemetry, ApiGatewayAdapter apiGateway) {
        return telemetry.observe("getUser", apiGateway.pathParameter("name", getUser::answer));
    }

    /**
     * Before a SnapStart snapshot: one getUser through the function, cache and MongoDB,
     * for a name that cannot exist.
     */
    @Bean
    SnapStartPriming primeGetUser(GetUserFunction getUser) {
        return () -> getUser.answer(PRIMING_NAME);
    }

}
