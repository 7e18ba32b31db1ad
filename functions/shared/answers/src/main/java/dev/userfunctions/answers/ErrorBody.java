package dev.userfunctions.answers;

/**
 * Every error answer: {@code {"error": "<what is wrong, in words>", "status": <code>}}.
 */
public record ErrorBody(String error, int status) {
}
