package dev.userfunctions.users;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import dev.userfunctions.cache.CacheOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

import java.util.function.Supplier;

/**
 * The functions' answers as messages: the body as payload, the HTTP status in the
 * {@code statusCode} header (the convention Spring Cloud Function's AWS adapter turns
 * into the API Gateway status, and the local server into the HTTP status), and the cache
 * outcome in {@code X-Cache}.
 */
public final class Responses {

    public static final String STATUS_HEADER = "statusCode";

    public static final String CACHE_HEADER = "X-Cache";

    private static final Logger log = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    public static Message<Object> ok(Object body) {
        return answer(200, body).build();
    }

    public static Message<Object> ok(Object body, CacheOutcome outcome) {
        return answer(200, body).setHeader(CACHE_HEADER, outcome.name()).build();
    }

    public static Message<Object> error(int status, String message) {
        return answer(status, new ErrorBody(message, status)).build();
    }

    public static Message<Object> error(int status, String message, CacheOutcome outcome) {
        return answer(status, new ErrorBody(message, status)).setHeader(CACHE_HEADER, outcome.name()).build();
    }

    /**
     * Runs a function body and turns its failures into answers: refused input is its 4xx,
     * MongoDB unreachable is 503, anything else is a logged 500 that does not leak
     * internals.
     * @param outcomeOnFailure what to put in {@code X-Cache} on a failure (null for no
     * header)
     */
    public static Message<Object> guard(Supplier<Message<Object>> body, Supplier<CacheOutcome> outcomeOnFailure) {
        try {
            return body.get();
        }
        catch (RuntimeException e) {
            return failure(e, outcomeOnFailure);
        }
    }

    /** The answer for a function body's failure, as {@link #guard} gives it. */
    public static Message<Object> failure(RuntimeException failure, Supplier<CacheOutcome> outcomeOnFailure) {
        return failure(failure, outcomeOnFailure, "");
    }

    /**
     * As {@link #failure(RuntimeException, Supplier)}, with {@code detail} added to the
     * error text of a 5xx.
     */
    public static Message<Object> failure(RuntimeException failure, Supplier<CacheOutcome> outcomeOnFailure,
            String detail) {
        boolean withHeader = outcomeOnFailure != null;
        if (failure instanceof InvalidRequestException refused) {
            return withOutcome(refused.status(), refused.getMessage(), CacheOutcome.BYPASS, withHeader);
        }
        if (causedBy(failure, MongoSocketReadTimeoutException.class)) {
            log.warn("MongoDB did not answer in time: {}", failure.getMessage());
            return withOutcome(503,
                    "MongoDB did not answer within its read timeout; try again, or with a smaller request" + detail,
                    outcome(outcomeOnFailure), withHeader);
        }
        if (failure instanceof DataAccessResourceFailureException || failure instanceof MongoTimeoutException
                || failure instanceof MongoSocketException) {
            log.warn("MongoDB unreachable: {}", failure.getMessage());
            return withOutcome(503, "MongoDB is unreachable; try again in a few seconds" + detail,
                    outcome(outcomeOnFailure), withHeader);
        }
        log.error("Function failed", failure);
        return withOutcome(500, "Internal error; see the function's log" + detail, outcome(outcomeOnFailure),
                withHeader);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static CacheOutcome outcome(Supplier<CacheOutcome> outcomeOnFailure) {
        return outcomeOnFailure == null ? CacheOutcome.BYPASS : outcomeOnFailure.get();
    }

    private static Message<Object> withOutcome(int status, String message, CacheOutcome outcome, boolean withHeader) {
        return withHeader ? error(status, message, outcome) : error(status, message);
    }

    private static MessageBuilder<Object> answer(int status, Object body) {
        return MessageBuilder.withPayload(body)
            .setHeader(STATUS_HEADER, status)
            .setHeader("contentType", MimeTypeUtils.APPLICATION_JSON_VALUE);
    }

}
