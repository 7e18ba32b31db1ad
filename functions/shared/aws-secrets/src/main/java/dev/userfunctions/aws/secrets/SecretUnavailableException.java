package dev.userfunctions.aws.secrets;

/**
 * A secret could not be read or does not hold what it should; the message names the
 * secret and what to check, never a value.
 */
public class SecretUnavailableException extends RuntimeException {

    SecretUnavailableException(String message) {
        super(message);
    }

    SecretUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

}
