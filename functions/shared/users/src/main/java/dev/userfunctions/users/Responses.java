package dev.userfunctions.users;

import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import dev.userfunctions.answers.Answer;
import dev.userfunctions.answers.InvalidRequestException;
import dev.userfunctions.cache.CacheOutcome;
import dev.userfunctions.cache.lease.LoadFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;

import java.util.function.Supplier;

/**
 * What the users functions' failures become as {@link Answer}s: refused input its 4xx,
 * MongoDB unreachable or too slow a 503 that says which, anything else a logged 500 that
 * does not leak internals.
 */
public final class Responses {

    private static final Logger log = LoggerFactory.getLogger(Responses.class);

    private Responses() {
    }

    /**
     * Runs the body of a function that reads through the cache, turning its failures into
     * answers whose {@code X-Cache} is the failed read's own outcome: that of its key's
     * node when the loader failed, {@code BYPASS} when the cache was never asked (refused
     * input, no cache).
     */
    public static Answer guardRead(Supplier<Answer> body) {
        try {
            return body.get();
        }
        catch (LoadFailedException e) {
            return failedRead(e.loaderFailure(), e.outcome());
        }
        catch (RuntimeException e) {
            return failedRead(e, CacheOutcome.BYPASS);
        }
    }

    /**
     * Runs the body of a function that does not read through the cache (its answers have
     * no {@code X-Cache}), turning its failures into answers.
     */
    public static Answer guard(Supplier<Answer> body) {
        try {
            return body.get();
        }
        catch (RuntimeException e) {
            return failure(e, "");
        }
    }

    /**
     * The answer, without {@code X-Cache}, for a failure; {@code detail} is added to the
     * error text of a 5xx.
     */
    public static Answer failure(RuntimeException failure, String detail) {
        if (failure instanceof InvalidRequestException refused) {
            return Answer.error(refused.status(), refused.getMessage());
        }
        return Answer.error(statusOf(failure), messageOf(failure) + detail);
    }

    /** Refused input never reached the cache: BYPASS, whatever {@code outcome} says. */
    private static Answer failedRead(RuntimeException failure, CacheOutcome outcome) {
        if (failure instanceof InvalidRequestException refused) {
            return Answer.error(refused.status(), refused.getMessage(), CacheOutcome.BYPASS);
        }
        return Answer.error(statusOf(failure), messageOf(failure), outcome);
    }

    private static int statusOf(RuntimeException failure) {
        return isMongoUnavailable(failure) ? 503 : 500;
    }

    /** Logs the failure as what it is, and says it in words a caller can act on. */
    private static String messageOf(RuntimeException failure) {
        if (causedBy(failure, MongoSocketReadTimeoutException.class)) {
            log.warn("MongoDB did not answer in time: {}", failure.getMessage());
            return "MongoDB did not answer within its read timeout; try again, or with a smaller request";
        }
        if (causedBy(failure, MongoSecurityException.class)) {
            log.warn("MongoDB refused the credentials: {}", failure.getMessage());
            return "MongoDB refused this function's credentials (authentication failed); check MONGODB_URI "
                    + "or its secret";
        }
        if (isMongoUnavailable(failure)) {
            log.warn("MongoDB unreachable: {}", failure.getMessage());
            return "MongoDB is unreachable; try again in a few seconds";
        }
        log.error("Function failed", failure);
        return "Internal error; see the function's log";
    }

    private static boolean isMongoUnavailable(RuntimeException failure) {
        return causedBy(failure, MongoSocketReadTimeoutException.class)
                || causedBy(failure, MongoSecurityException.class)
                || failure instanceof DataAccessResourceFailureException || failure instanceof MongoTimeoutException
                || failure instanceof MongoSocketException;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

}
