package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.CacheResult;

/**
 * A read's answer and the moment it is at least as new as ({@link Ticker#nanoTime()}):
 * when the command or the load it came from was sent. A write completed before that
 * moment is in it.
 */
public record Read<V>(CacheResult<V> result, long freshAsOf) {
}
