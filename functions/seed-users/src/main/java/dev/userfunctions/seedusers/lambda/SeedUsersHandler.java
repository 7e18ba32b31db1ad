package dev.userfunctions.seedusers.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.userfunctions.aws.ExecutionEnvironment;
import dev.userfunctions.aws.edge.FunctionHandler;
import dev.userfunctions.aws.edge.Route;
import dev.userfunctions.seedusers.SeedProperties;
import dev.userfunctions.seedusers.SeedUsersFunction;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The seedUsers Lambda ({@code POST /users/seed}, IAM-authorised; the request body, or
 * the whole event when invoked directly): the runtime constructs it once per execution
 * environment and calls {@link #handleRequest} for each invocation. It runs the same
 * {@link SeedUsersFunction} the local server runs.
 */
public final class SeedUsersHandler implements RequestStreamHandler {

    /** Held for as long as the handler lives: it holds the SnapStart hooks. */
    private final ExecutionEnvironment environment;

    private final FunctionHandler handler;

    public SeedUsersHandler() {
        environment = ExecutionEnvironment.start();
        SeedUsersFunction seedUsers = new SeedUsersFunction(environment.users().repository(),
                environment.users().cache(), environment.setting(SeedProperties.class).timeBudget());
        handler = environment.handler("seedUsers", Route.post(request -> seedUsers.answer(request.body())));
        // No priming: every seed writes users.
        environment.ready(handler, List.of());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handler.handle(input, output, context);
    }

}
