package dev.userfunctions.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.userfunctions.answers.Answer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Puts a function behind API Gateway as Spring Cloud Function's {@code FunctionInvoker}
 * delivers it: REST API (payload 1.0) and HTTP API (payload 2.0) proxy events, and direct
 * invocations with a plain JSON event.
 *
 * <p>
 * The function's {@link Answer} is rendered here, once for all three: a proxy response,
 * {@code {statusCode, headers, body}}, with the answer's status, {@code Content-Type} and
 * {@code X-Cache} only, and its body as JSON. A failure anywhere is such a response with
 * a JSON error, never an exception that API Gateway would turn into a bare 502. Bodies
 * are written by the application's JSON mapper (Boot's), as the local server writes them.
 */
public final class ApiGatewayAdapter {

    /** Set by the AWS adapter on messages made from API Gateway events. */
    static final String API_GATEWAY_HEADER = "aws-api-gateway";

    private static final Logger log = LoggerFactory.getLogger(ApiGatewayAdapter.class);

    private static final String INTERNAL_ERROR = "Internal error; see the function's log";

    private final JsonMapper json;

    public ApiGatewayAdapter(JsonMapper json) {
        this.json = json;
    }

    /**
     * A function that reads one path parameter: {@code pathParameters.<parameter>} of an
     * API Gateway event, or {@code {"<parameter>": "..."}} (or a bare JSON string) when
     * invoked directly.
     */
    public Function<Message<byte[]>, APIGatewayProxyResponseEvent> pathParameter(String parameter,
            Function<String, Answer> function) {
        return request -> respond(() -> {
            String value = isApiGateway(request) ? pathParameterOf(request, parameter)
                    : directParameter(request.getPayload(), parameter);
            return function.apply(value == null ? "" : value);
        });
    }

    /**
     * A function that takes the request body: the event's {@code body}, or the whole
     * event when invoked directly.
     */
    public Function<Message<byte[]>, APIGatewayProxyResponseEvent> body(Function<byte[], Answer> function) {
        return request -> respond(() -> function.apply(bodyOf(request)));
    }

    /** A function that takes no input. */
    public Function<Message<byte[]>, APIGatewayProxyResponseEvent> noInput(Supplier<Answer> function) {
        return request -> respond(function);
    }

    private APIGatewayProxyResponseEvent respond(Supplier<Answer> call) {
        Answer answer;
        try {
            answer = call.get();
        }
        catch (BadEventException e) {
            answer = Answer.error(400, e.getMessage());
        }
        catch (RuntimeException e) {
            log.error("Function failed", e);
            answer = Answer.error(500, INTERNAL_ERROR);
        }
        return toProxyResponse(answer);
    }

    APIGatewayProxyResponseEvent toProxyResponse(Answer answer) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        answer.cacheOutcome().ifPresent(outcome -> headers.put(Answer.CACHE_HEADER, outcome.name()));
        int status = answer.status();
        String body;
        try {
            body = json.writeValueAsString(answer.body());
        }
        catch (JacksonException e) {
            log.error("Could not write the answer as JSON", e);
            Answer failed = Answer.error(500, INTERNAL_ERROR);
            status = failed.status();
            body = json.writeValueAsString(failed.body());
        }
        return new APIGatewayProxyResponseEvent().withStatusCode(status)
            .withHeaders(headers)
            .withBody(body)
            .withIsBase64Encoded(false);
    }

    private static boolean isApiGateway(Message<byte[]> request) {
        return Boolean.TRUE.equals(request.getHeaders().get(API_GATEWAY_HEADER));
    }

    /** The AWS adapter hands over the whole proxy event (v1 or v2) as the payload. */
    private String pathParameterOf(Message<byte[]> request, String parameter) {
        JsonNode value = readJson(request.getPayload()).path("pathParameters").path(parameter);
        return value.isString() ? value.asString() : null;
    }

    private String directParameter(byte[] payload, String parameter) {
        JsonNode event = readJson(payload);
        if (event.isString()) {
            return event.asString();
        }
        if (event.isObject() && event.has(parameter)) {
            JsonNode value = event.get(parameter);
            if (!value.isString()) {
                throw new BadEventException(parameter + " must be a string");
            }
            return value.asString();
        }
        throw new BadEventException("Expected an event like {\"" + parameter + "\": \"...\"}");
    }

    private byte[] bodyOf(Message<byte[]> request) {
        if (!isApiGateway(request)) {
            // A direct invocation without a payload arrives as JSON null: that is an
            // empty event, not a bad body.
            byte[] payload = request.getPayload();
            return "null".equals(new String(payload, StandardCharsets.UTF_8).strip()) ? new byte[0] : payload;
        }
        JsonNode event = readJson(request.getPayload());
        JsonNode body = event.path("body");
        if (!body.isString()) {
            return new byte[0];
        }
        if (event.path("isBase64Encoded").asBoolean(false)) {
            try {
                return Base64.getDecoder().decode(body.asString());
            }
            catch (IllegalArgumentException e) {
                throw new BadEventException("Body is marked base64 but is not");
            }
        }
        return body.asString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode readJson(byte[] payload) {
        try {
            return json.readTree(payload == null ? new byte[0] : payload);
        }
        catch (JacksonException e) {
            throw new BadEventException("Event is not JSON: " + e.getOriginalMessage());
        }
    }

    private static final class BadEventException extends RuntimeException {

        BadEventException(String message) {
            super(message);
        }

    }

}
