package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.InvalidationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Deletes keys (and with them any lease on them) after a write. Tried even while reads
 * bypass the store: a stale entry outliving a write is worse than a slow write. Waits up
 * to its patience for a connection that is still being made, and retries failed deletions
 * until then (a failed-over master's slots are served again once the promotion is seen),
 * unless the store refused them for good (a missing permission). Never throws; what could
 * not be deleted is in the result.
 */
public final class Invalidation {

    private static final Logger log = LoggerFactory.getLogger(Invalidation.class);

    private static final long FIRST_RETRY_PAUSE_MILLIS = 25;

    private static final long MAX_RETRY_PAUSE_MILLIS = 500;

    private final CacheStore store;

    private final String cacheName;

    private final CacheEvents events;

    private final Ticker ticker;

    public Invalidation(CacheStore store, String cacheName, CacheEvents events, Ticker ticker) {
        this.store = store;
        this.cacheName = cacheName;
        this.events = events;
        this.ticker = ticker;
    }

    public InvalidationResult invalidate(Collection<String> keys, Duration patience) {
        List<String> pending = new ArrayList<>(new LinkedHashSet<>(keys));
        int requested = pending.size();
        if (requested == 0) {
            return new InvalidationResult(0, 0, List.of(), null);
        }
        long deadline = ticker.nanoTime() + patience.toNanos();
        if (!store.awaitReady(patience)) {
            events.invalidated(0, requested);
            log.warn("Cache '{}': not connected to the Redis Cluster; {} keys not deleted may be served stale "
                    + "until their TTL ends", cacheName, requested);
            return new InvalidationResult(requested, 0, pending, "not connected to the Redis Cluster");
        }
        long deleted = 0;
        String reason = null;
        List<String> refused = new ArrayList<>();
        String refusedReason = null;
        long pauseMillis = FIRST_RETRY_PAUSE_MILLIS;
        while (true) {
            CacheStore.Deletion deletion = store.delete(pending);
            deleted += deletion.deleted();
            if (!deletion.refused().isEmpty()) {
                refused.addAll(deletion.refused());
                refusedReason = deletion.reason();
            }
            pending = new ArrayList<>(deletion.retryable());
            if (deletion.reason() != null) {
                reason = deletion.reason();
            }
            long pause = TimeUnit.MILLISECONDS.toNanos(pauseMillis);
            if (pending.isEmpty() || ticker.nanoTime() + pause - deadline > 0) {
                break;
            }
            ticker.pause(pause);
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            pauseMillis = Math.min(2 * pauseMillis, MAX_RETRY_PAUSE_MILLIS);
        }
        if (pending.isEmpty()) {
            reason = refusedReason;
        }
        pending.addAll(refused);
        events.invalidated(deleted, pending.size());
        if (!pending.isEmpty()) {
            log.warn("Cache '{}': could not delete {} of {} keys ({}); they may be served stale until their TTL ends",
                    cacheName, pending.size(), requested, reason);
        }
        return new InvalidationResult(requested, deleted, pending, pending.isEmpty() ? null : reason);
    }

}
