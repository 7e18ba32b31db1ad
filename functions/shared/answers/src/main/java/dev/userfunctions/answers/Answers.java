package dev.userfunctions.answers;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/**
 * The functions' answers as messages: the body as payload, the HTTP status in the
 * {@code statusCode} header (the convention Spring Cloud Function's AWS adapter turns
 * into the API Gateway status, and the local server into the HTTP status), and what the
 * cache did in {@code X-Cache} ({@code HIT}, {@code MISS} or {@code BYPASS}) when the
 * function reads through the cache.
 */
public final class Answers {

    public static final String STATUS_HEADER = "statusCode";

    public static final String CACHE_HEADER = "X-Cache";

    private Answers() {
    }

    /** 200 with {@code body}, for a function that does not read through the cache. */
    public static Message<Object> ok(Object body) {
        return answer(200, body).build();
    }

    /** 200 with {@code body}, saying what the cache did. */
    public static Message<Object> ok(Object body, String cacheOutcome) {
        return answer(200, body).setHeader(CACHE_HEADER, cacheOutcome).build();
    }

    /** An error answer: {@code {"error": message, "status": status}}. */
    public static Message<Object> error(int status, String message) {
        return answer(status, new ErrorBody(message, status)).build();
    }

    /** An error answer, saying what the cache did. */
    public static Message<Object> error(int status, String message, String cacheOutcome) {
        return answer(status, new ErrorBody(message, status)).setHeader(CACHE_HEADER, cacheOutcome).build();
    }

    private static MessageBuilder<Object> answer(int status, Object body) {
        return MessageBuilder.withPayload(body)
            .setHeader(STATUS_HEADER, status)
            .setHeader("contentType", MimeTypeUtils.APPLICATION_JSON_VALUE);
    }

}
