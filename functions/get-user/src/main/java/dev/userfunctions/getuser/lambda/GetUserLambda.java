package dev.userfunctions.getuser.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.userfunctions.aws.ApiGatewayAdapter;
import dev.userfunctions.getuser.GetUserFunction;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import dev.userfunctions.users.config.UsersConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;

import java.util.function.Function;

/**
 * The getUser Lambda ({@code GET /users/{name}}): the application {@code FunctionInvoker} starts once per
 * execution environment. Its one function, {@code getUser}, is the same {@link GetUserFunction} the local server
 * runs, behind the API Gateway adapter.
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import(UsersConfiguration.class)
public class GetUserLambda {

    @Bean
    Function<Message<byte[]>, APIGatewayProxyResponseEvent> getUser(UserRepository users, UserCache cache) {
        return ApiGatewayAdapter.pathParameter("name", new GetUserFunction(users, cache));
    }
}
