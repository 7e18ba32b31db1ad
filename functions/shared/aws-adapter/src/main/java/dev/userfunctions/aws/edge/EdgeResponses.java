package dev.userfunctions.aws.edge;

import dev.userfunctions.answers.Answer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders an {@link Answer} as the edge its request came through expects it, in one
 * place: a proxy response {@code {body, headers, isBase64Encoded, multiValueHeaders,
 * statusCode}} for API Gateway (REST and HTTP APIs), Function URLs and direct
 * invocations, and for an ALB {@code {statusCode, statusDescription, isBase64Encoded,
 * headers | multiValueHeaders, body}}. The headers are the answer's {@code Content-Type},
 * its {@code X-Cache}, and on a 405 the {@code Allow} that names the method to use;
 * nothing else.
 */
final class EdgeResponses {

    private static final Map<Integer, String> REASONS = Map.of(200, "OK", 400, "Bad Request", 404, "Not Found", 405,
            "Method Not Allowed", 415, "Unsupported Media Type", 500, "Internal Server Error", 503,
            "Service Unavailable");

    private EdgeResponses() {
    }

    /**
     * The response object for {@code answer}, its body already written as JSON.
     * @param allowedMethod the method the function answers, for a 405's {@code Allow}
     */
    static Map<String, Object> render(EdgeRequest request, Answer answer, String body, String allowedMethod) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        answer.cacheOutcome().ifPresent(outcome -> headers.put(Answer.CACHE_HEADER, outcome.name()));
        if (answer.status() == 405) {
            headers.put("Allow", allowedMethod);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        if (request.edge() == Edge.ALB) {
            response.put("statusCode", answer.status());
            response.put("statusDescription",
                    (answer.status() + " " + REASONS.getOrDefault(answer.status(), "")).strip());
            response.put("isBase64Encoded", false);
            if (request.wantsMultiValueHeaders()) {
                Map<String, List<String>> multiValue = new LinkedHashMap<>();
                headers.forEach((name, value) -> multiValue.put(name, List.of(value)));
                response.put("multiValueHeaders", multiValue);
            }
            else {
                response.put("headers", headers);
            }
            response.put("body", body);
            return response;
        }
        response.put("body", body);
        response.put("headers", headers);
        response.put("isBase64Encoded", false);
        response.put("multiValueHeaders", null);
        response.put("statusCode", answer.status());
        return response;
    }

}
