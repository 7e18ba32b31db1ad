package dev.userfunctions.aws.edge;

import dev.userfunctions.answers.InvalidRequestException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * One event as a function reads it: the edge it came through, the event, and its bytes as
 * they arrived. Reading an event also refuses the kinds no function serves
 * ({@link UnsupportedEventException}).
 *
 * @param edge how the event reached the function
 * @param event the event, parsed
 * @param raw the event's bytes (a direct invocation's body is these, as sent)
 */
public record EdgeRequest(Edge edge, JsonNode event, byte[] raw) {

    /**
     * Reads the event {@code bytes}: an HTTP request through API Gateway, a Function URL
     * or an ALB, or a direct invocation.
     * @throws UnsupportedEventException for an event of a kind no function serves
     * @throws BadEventException for bytes that are not JSON
     */
    public static EdgeRequest read(byte[] bytes, JsonMapper json) {
        JsonNode event;
        try {
            event = isBlank(bytes) ? NullNode.getInstance() : json.readTree(bytes);
        }
        catch (JacksonException e) {
            throw new BadEventException("Event is not JSON: " + e.getOriginalMessage());
        }
        return new EdgeRequest(EventKinds.edgeOf(event), event, bytes);
    }

    /** The HTTP method; empty for a direct invocation. */
    public Optional<String> method() {
        if (edge == Edge.DIRECT) {
            return Optional.empty();
        }
        // Payload 2.0 says it in requestContext.http, 1.0 (REST's and ALB's shape) at the
        // top.
        JsonNode method = event.path("requestContext").path("http").path("method");
        if (!method.isString()) {
            method = event.path("httpMethod");
        }
        return method.isString() ? Optional.of(method.asString().toUpperCase(Locale.ROOT)) : Optional.empty();
    }

    /**
     * The path parameter {@code parameter} of a route {@code <collection>/{parameter}},
     * decoded as its edge requires: API Gateway's path parameter when the route has one
     * (a REST API's percent-encoded, an HTTP API's not), else the path after the last
     * {@code <collection>/} (a stage or custom-domain base path may precede it). Directly
     * invoked: {@code {"<parameter>": "..."}} or a bare JSON string.
     * @param collection the route's fixed part, such as {@code /users}
     * @throws BadEventException for a direct event without it, or a malformed encoding
     * @throws InvalidRequestException (404) for a path outside {@code collection}
     */
    public String pathParameter(String parameter, String collection) {
        if (edge == Edge.DIRECT) {
            return directParameter(parameter);
        }
        JsonNode fromRoute = event.path("pathParameters").path(parameter);
        if (fromRoute.isString() && (edge == Edge.REST_API || edge == Edge.HTTP_API)) {
            return edge == Edge.REST_API ? PercentEncoding.decode(fromRoute.asString(), parameter)
                    : fromRoute.asString();
        }
        // Payload 2.0's rawPath, else 1.0's path.
        String path = event.path("rawPath").asString(event.path("path").asString(""));
        String prefix = collection + "/";
        int at = path.lastIndexOf(prefix);
        String segment = at < 0 ? "/" : path.substring(at + prefix.length());
        if (segment.contains("/")) {
            throw new InvalidRequestException(404,
                    "No resource at this path; this function answers " + collection + "/{" + parameter + "}");
        }
        return edge == Edge.HTTP_API ? segment : PercentEncoding.decode(segment, parameter);
    }

    private String directParameter(String parameter) {
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

    /**
     * The request body: the event's {@code body} (base64-decoded when it says so), or for
     * a direct invocation the event itself as sent (nothing for an empty or null event).
     */
    public byte[] body() {
        if (edge == Edge.DIRECT) {
            return event.isNull() ? new byte[0] : raw;
        }
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

    /**
     * Whether the answer must carry {@code multiValueHeaders} instead of {@code headers}:
     * an ALB target group with multi-value headers on sends them, and reads only them.
     */
    public boolean wantsMultiValueHeaders() {
        return edge == Edge.ALB && event.path("multiValueHeaders").isObject();
    }

    /** An ALB's health check: {@code GET /} from {@code ELB-HealthChecker}. */
    public boolean isHealthCheck() {
        if (edge != Edge.ALB || !"/".equals(event.path("path").asString(""))) {
            return false;
        }
        JsonNode agent = wantsMultiValueHeaders() ? event.path("multiValueHeaders").path("user-agent").path(0)
                : event.path("headers").path("user-agent");
        return agent.asString("").startsWith("ELB-HealthChecker");
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

}
