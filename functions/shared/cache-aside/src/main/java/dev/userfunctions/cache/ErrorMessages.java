package dev.userfunctions.cache;

/**
 * How the cache names a failure in its logs and results: the exception's type and
 * message, no stack trace.
 */
public final class ErrorMessages {

    private ErrorMessages() {
    }

    public static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

}
