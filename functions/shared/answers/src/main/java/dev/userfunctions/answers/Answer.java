package dev.userfunctions.answers;

import dev.userfunctions.cache.CacheOutcome;

import java.util.Objects;
import java.util.Optional;

/**
 * What a function answers, whatever carries it: the HTTP status, the body (written as
 * JSON by the application's mapper), and what the cache did, for the functions that read
 * through it. Each transport renders an answer in one place: the local server's
 * {@code ScfWebAnswers} for Spring Cloud Function web, the Lambda edge's
 * {@code EdgeResponses} for API Gateway, Function URLs, ALBs and direct invocations.
 *
 * @param status the HTTP status
 * @param body the JSON body: the function's result, or an {@link ErrorBody}
 * @param cacheOutcome what the cache did ({@code X-Cache}); empty for a function that
 * does not read through the cache
 */
public record Answer(int status, Object body, Optional<CacheOutcome> cacheOutcome) {

    /** The header that says what the cache did. */
    public static final String CACHE_HEADER = "X-Cache";

    public Answer {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(cacheOutcome, "cacheOutcome");
    }

    /** 200 with {@code body}, for a function that does not read through the cache. */
    public static Answer ok(Object body) {
        return new Answer(200, body, Optional.empty());
    }

    /** 200 with {@code body}, saying what the cache did. */
    public static Answer ok(Object body, CacheOutcome outcome) {
        return new Answer(200, body, Optional.of(outcome));
    }

    /** An error answer: {@code {"error": message, "status": status}}. */
    public static Answer error(int status, String message) {
        return new Answer(status, new ErrorBody(message, status), Optional.empty());
    }

    /** An error answer, saying what the cache did. */
    public static Answer error(int status, String message, CacheOutcome outcome) {
        return new Answer(status, new ErrorBody(message, status), Optional.of(outcome));
    }

}
