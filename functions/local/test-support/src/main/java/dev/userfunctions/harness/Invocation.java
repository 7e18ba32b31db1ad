package dev.userfunctions.harness;

import java.time.Duration;

/**
 * One invocation's response as the runtime posted it, and its duration as Lambda times it
 * (from the event handed over to the response received).
 *
 * @param response the response, or for a failed invocation the runtime's error report
 * ({@code errorMessage}, {@code errorType})
 * @param duration from the event handed over to the response received
 * @param failed whether the runtime reported the invocation as failed (Lambda counts an
 * error)
 */
public record Invocation(String response, Duration duration, boolean failed) {
}
