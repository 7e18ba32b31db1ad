package dev.userfunctions.aws.edge;

/**
 * An event of a kind the function serves, carrying input it cannot use: a 400 answer, not
 * a failed invocation.
 */
public class BadEventException extends RuntimeException {

    public BadEventException(String message) {
        super(message);
    }

}
