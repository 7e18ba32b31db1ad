package dev.userfunctions.aws.edge;

/**
 * An event no function here serves (an SQS batch, an S3 notification, a schedule, ...),
 * as when a trigger is wired to the wrong function. Thrown out of the handler, so that
 * Lambda counts an error: a queue keeps (or dead-letters) its messages and asynchronous
 * sources retry, where an answer would have told them it was handled.
 */
public class UnsupportedEventException extends RuntimeException {

    public UnsupportedEventException(String message) {
        super(message);
    }

}
