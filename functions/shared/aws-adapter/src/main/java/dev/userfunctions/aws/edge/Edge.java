package dev.userfunctions.aws.edge;

/**
 * How an event reached the function. Each edge hands over the request path in its own
 * encoding (measured on events captured from live AWS, request path
 * {@code /capture/space%20value}) and wants its own response shape.
 */
public enum Edge {

    /**
     * API Gateway REST API, proxy payload 1.0: {@code pathParameters} and {@code path}
     * percent-encoded.
     */
    REST_API,

    /**
     * API Gateway HTTP API, payload 2.0 (a route with parameters, or {@code $default}):
     * {@code pathParameters} and {@code rawPath} decoded.
     */
    HTTP_API,

    /**
     * A Lambda Function URL (payload 2.0, domain {@code *.lambda-url.*}): {@code rawPath}
     * percent-encoded.
     */
    FUNCTION_URL,

    /**
     * An Application Load Balancer target group: {@code path} percent-encoded; answers
     * carry a status description, and multi-value headers when the event did.
     */
    ALB,

    /** A direct invocation ({@code aws lambda invoke}, the SDK): a plain JSON event. */
    DIRECT

}
