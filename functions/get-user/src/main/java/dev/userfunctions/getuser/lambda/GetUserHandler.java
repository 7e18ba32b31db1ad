package dev.userfunctions.getuser.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.userfunctions.aws.ExecutionEnvironment;
import dev.userfunctions.aws.edge.FunctionHandler;
import dev.userfunctions.aws.edge.Route;
import dev.userfunctions.getuser.GetUserFunction;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The getUser Lambda ({@code GET /users/{name}} through API Gateway, a Function URL or an
 * ALB; {@code {"name": "..."}} directly): the runtime constructs it once per execution
 * environment, in the init phase, and calls {@link #handleRequest} for each invocation.
 * It runs the same {@link GetUserFunction} the local server runs.
 */
public final class GetUserHandler implements RequestStreamHandler {

    /**
     * Before a SnapStart snapshot: one getUser through this handler, the cache and
     * MongoDB, for a name seedUsers can never create (its names end in a digit), so that
     * priming caches nothing of a user.
     */
    static final String PRIMING_EVENT = "{\"name\": \"snapstart-priming-\"}";

    /** Held for as long as the handler lives: it holds the SnapStart hooks. */
    private final ExecutionEnvironment environment;

    private final FunctionHandler handler;

    public GetUserHandler() {
        environment = ExecutionEnvironment.start();
        GetUserFunction getUser = new GetUserFunction(environment.users().repository(), environment.users().cache());
        handler = environment.handler("getUser",
                Route.get(request -> getUser.answer(request.pathParameter("name", "/users"))));
        environment.ready(handler, List.of(PRIMING_EVENT));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handler.handle(input, output, context);
    }

}
