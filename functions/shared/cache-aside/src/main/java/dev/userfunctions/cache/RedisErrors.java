package dev.userfunctions.cache;

import java.util.function.Predicate;

/**
 * What a Redis error answer says about whom to blame. Lettuce wraps the nodes' answers as
 * causes, and a failed cluster connect each node's as suppressed exceptions.
 */
final class RedisErrors {

    private RedisErrors() {
    }

    /**
     * Whether a node answered an error starting with {@code code} ({@code WRONGPASS},
     * {@code NOPERM}, ...) somewhere in {@code failure}.
     */
    static boolean answered(Throwable failure, String code) {
        return find(failure, cause -> String.valueOf(cause.getMessage()).startsWith(code)) != null;
    }

    /**
     * Whether any exception in {@code failure}'s causes and suppressed exceptions has a
     * message containing {@code text}.
     */
    static boolean mentions(Throwable failure, String text) {
        return find(failure, cause -> String.valueOf(cause.getMessage()).contains(text)) != null;
    }

    /**
     * The first exception among {@code failure}, its causes and their suppressed
     * exceptions (and theirs) that {@code matches}; null when none does.
     */
    static Throwable find(Throwable failure, Predicate<Throwable> matches) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (matches.test(cause)) {
                return cause;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                Throwable found = find(suppressed, matches);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Answers that say nothing about the node that gave them, so no reason to bypass it:
     * {@code CLUSTERDOWN} (the cluster is in a fail state, every node refuses until a
     * failover ends) and {@code NOPERM} (the user lacks a permission, on every node
     * alike). The command still fails, and its read goes to the database.
     */
    static boolean notTheNodesFault(Throwable failure) {
        return answered(failure, "CLUSTERDOWN") || answered(failure, "NOPERM");
    }

}
