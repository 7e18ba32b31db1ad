package dev.userfunctions.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.userfunctions.aws.edge.FunctionHandler;
import dev.userfunctions.aws.edge.Route;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Function;

/**
 * One function's Lambda handler: the runtime constructs it once per execution
 * environment, in the init phase, which here starts the {@link ExecutionEnvironment},
 * builds the function's {@link Route} on it and ends with the SnapStart hooks and the
 * wait for the Redis connection; then it calls {@link #handleRequest} for each
 * invocation. Each function's handler is a subclass that names the function and says how
 * its route is built.
 */
public abstract class LambdaFunction implements RequestStreamHandler {

    /** Held for as long as the handler lives: it holds the SnapStart hooks. */
    private final ExecutionEnvironment environment;

    private final FunctionHandler handler;

    /**
     * @param function the function's name, its metrics' {@code function} dimension
     * @param route builds the function and its route from the environment's shared parts
     * @param primingEvents run through the handler before a SnapStart snapshot; they must
     * write no user data
     */
    protected LambdaFunction(String function, Function<ExecutionEnvironment, Route> route, List<String> primingEvents) {
        environment = ExecutionEnvironment.start();
        handler = environment.handler(function, route.apply(environment));
        environment.ready(handler, primingEvents);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handler.handle(input, output, context);
    }

}
