package dev.userfunctions.answers;

/**
 * Client input the functions refuse; becomes a 4xx answer and never reaches MongoDB or
 * Redis.
 */
public class InvalidRequestException extends RuntimeException {

    private final int status;

    public InvalidRequestException(String message) {
        this(400, message);
    }

    public InvalidRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

}
