package dev.userfunctions.aws.edge;

import com.amazonaws.services.lambda.runtime.Context;
import dev.userfunctions.answers.Answer;
import dev.userfunctions.answers.InvalidRequestException;
import dev.userfunctions.aws.telemetry.InvocationTelemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One function behind every edge users deploy: reads the event ({@link EdgeRequest}),
 * answers it through its {@link Route}, renders the answer for that edge
 * ({@link EdgeResponses}) and observes the invocation ({@link InvocationTelemetry}).
 * Input a function cannot use is a 400 answer and a failure inside it a 500 answer, never
 * an exception API Gateway would turn into a bare 502; an event of a kind no function
 * serves is the one failure thrown to the runtime, so that Lambda counts it.
 */
public final class FunctionHandler {

    private static final Logger log = LoggerFactory.getLogger(FunctionHandler.class);

    private static final String INTERNAL_ERROR = "Internal error; see the function's log";

    /** What an ALB's health check is told. */
    private static final Map<String, String> HEALTHY = Map.of("status", "UP");

    private final Route route;

    private final JsonMapper json;

    private final InvocationTelemetry telemetry;

    public FunctionHandler(Route route, JsonMapper json, InvocationTelemetry telemetry) {
        this.route = route;
        this.json = json;
        this.telemetry = telemetry;
    }

    /** One invocation, as the runtime makes it: event bytes in, response bytes out. */
    public void handle(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        output.write(telemetry.observe(context, () -> respond(event), Response::status).bytes());
    }

    /**
     * Answers {@code event} without telemetry: SnapStart's priming, which runs the
     * invocation path before the snapshot and belongs to no invocation.
     */
    public void prime(String event) {
        respond(event.getBytes(StandardCharsets.UTF_8));
    }

    private Response respond(byte[] event) {
        EdgeRequest request;
        try {
            request = EdgeRequest.read(event, json);
        }
        catch (BadEventException e) {
            return render(new EdgeRequest(Edge.DIRECT, NullNode.getInstance(), event),
                    Answer.error(400, e.getMessage()));
        }
        catch (UnsupportedEventException e) {
            // Logged here, inside the invocation, so that the line carries its request
            // id.
            log.error(e.getMessage());
            throw e;
        }
        return render(request, answer(request));
    }

    private Answer answer(EdgeRequest request) {
        try {
            if (request.isHealthCheck()) {
                return Answer.ok(HEALTHY);
            }
            if (request.method().filter(method -> !method.equals(route.method())).isPresent()) {
                return Answer.error(405,
                        "Method " + request.method().get() + " is not allowed here; use " + route.method());
            }
            return route.function().apply(request);
        }
        catch (BadEventException e) {
            return Answer.error(400, e.getMessage());
        }
        catch (InvalidRequestException e) {
            return Answer.error(e.status(), e.getMessage());
        }
        catch (RuntimeException e) {
            log.error("Function failed", e);
            return Answer.error(500, INTERNAL_ERROR);
        }
    }

    private Response render(EdgeRequest request, Answer answer) {
        Answer rendered = answer;
        String body;
        try {
            body = json.writeValueAsString(answer.body());
        }
        catch (JacksonException e) {
            log.error("Could not write the answer as JSON", e);
            rendered = Answer.error(500, INTERNAL_ERROR);
            body = json.writeValueAsString(rendered.body());
        }
        return new Response(rendered.status(),
                json.writeValueAsBytes(EdgeResponses.render(request, rendered, body, route.method())));
    }

    /**
     * A rendered answer: its status, for the telemetry, and the bytes for the runtime.
     */
    private record Response(int status, byte[] bytes) {
    }

}
