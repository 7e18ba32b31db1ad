package dev.userfunctions.countusers.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.userfunctions.aws.ExecutionEnvironment;
import dev.userfunctions.aws.edge.FunctionHandler;
import dev.userfunctions.aws.edge.Route;
import dev.userfunctions.countusers.CountUsersFunction;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The countUsers Lambda ({@code GET /users/count}; any direct event): the runtime
 * constructs it once per execution environment and calls {@link #handleRequest} for each
 * invocation. It runs the same {@link CountUsersFunction} the local server runs.
 */
public final class CountUsersHandler implements RequestStreamHandler {

    /** Held for as long as the handler lives: it holds the SnapStart hooks. */
    private final ExecutionEnvironment environment;

    private final FunctionHandler handler;

    public CountUsersHandler() {
        environment = ExecutionEnvironment.start();
        CountUsersFunction countUsers = new CountUsersFunction(environment.users().repository(),
                environment.users().cache());
        handler = environment.handler("countUsers", Route.get(request -> countUsers.answer()));
        environment.ready(handler, List.of());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handler.handle(input, output, context);
    }

}
