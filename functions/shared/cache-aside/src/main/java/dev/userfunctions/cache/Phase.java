package dev.userfunctions.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * Where the connection's life is: one immutable value, replaced as a whole by the
 * {@link Connector}. The phases a caller may wait through hold a future completed with
 * the phase that replaces them, so that a waiter sees every change, a failed attempt as
 * well as a connection.
 */
sealed interface Phase<C> permits Phase.Connecting, Phase.Connected, Phase.Suspended, Phase.Closed {

    /**
     * Attempts are made until one connects: {@code failures} in a row so far, and
     * {@code retry}, the next attempt after a failure (null before the first failed),
     * cancelled when the phase is left. A caller before {@code startupDeadlineNanos}
     * waits for a connection while no attempt has failed yet. {@code round} names this
     * round of attempts (a start, or a resume): an attempt of an earlier round that ends
     * late (a suspend that gave up waiting for it) changes nothing.
     */
    record Connecting<C>(Object round, int failures, long startupDeadlineNanos, Future<?> retry,
            CompletableFuture<Phase<C>> replaced) implements Phase<C> {

        /** A new round, with no failure yet. */
        static <C> Connecting<C> first(long startupDeadlineNanos) {
            return new Connecting<>(new Object(), 0, startupDeadlineNanos, null, new CompletableFuture<>());
        }

        Connecting<C> waitingUntil(long deadlineNanos) {
            return new Connecting<>(round, failures, deadlineNanos, retry, new CompletableFuture<>());
        }

        Connecting<C> failedAgain(Future<?> nextRetry) {
            return new Connecting<>(round, failures + 1, startupDeadlineNanos, nextRetry, new CompletableFuture<>());
        }

    }

    record Connected<C>(C connection) implements Phase<C> {

    }

    /**
     * Before a snapshot: no connection, and none made until resumed; a writer may wait
     * through it for the connection made after the restore.
     */
    record Suspended<C>(CompletableFuture<Phase<C>> replaced) implements Phase<C> {

    }

    record Closed<C>() implements Phase<C> {

    }

}
