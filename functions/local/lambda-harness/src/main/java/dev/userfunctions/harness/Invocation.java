package dev.userfunctions.harness;

import java.time.Duration;

/**
 * One invocation's response as the runtime posted it, and its duration as Lambda times it
 * (from the event handed over to the response received).
 */
public record Invocation(String response, Duration duration) {
}
