package dev.userfunctions.cache;

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
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).startsWith(code)) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (answered(suppressed, code)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether any exception in {@code failure}'s causes and suppressed exceptions has a
     * message containing {@code text}.
     */
    static boolean mentions(Throwable failure, String text) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (String.valueOf(cause.getMessage()).contains(text)) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (mentions(suppressed, text)) {
                    return true;
                }
            }
        }
        return false;
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
