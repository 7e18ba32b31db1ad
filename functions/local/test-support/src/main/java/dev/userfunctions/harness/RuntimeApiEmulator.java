package dev.userfunctions.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The part of the Lambda Runtime API
 * (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) one runtime process
 * uses, handing out one event at a time as Lambda does: the runtime's
 * {@code GET /runtime/invocation/next} waits for an event, its {@code POST
 * /runtime/invocation/{id}/response} ends the invocation, and with SnapStart its
 * {@code GET /runtime/restore/next} (after the checkpoint hooks) waits until the test
 * restores the environment. Each invocation is timed from the event handed over to the
 * response received, as Lambda times a function's duration.
 */
final class RuntimeApiEmulator implements AutoCloseable {

    private static final String RUNTIME = "/2018-06-01/runtime/";

    /** Where the runtime is, as this emulator sees it. */
    enum RuntimeState {

        /** The runtime's init phase: it has not asked for anything yet. */
        INITIALIZING,
        /** SnapStart: the checkpoint hooks ran and the runtime waits to be restored. */
        AWAITING_RESTORE,
        /** Restored; the restore hooks are running. */
        RESTORING,
        /** The runtime asked for the next event and waits for it: Lambda freezes here. */
        AWAITING_EVENT,
        /** An event was handed over; its response has not come back. */
        INVOKING,
        /** The runtime reported an error or its process ended. */
        FAILED

    }

    private final HttpServer server;

    private final ExecutorService threads = Executors.newFixedThreadPool(3);

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition changed = lock.newCondition();

    private final String functionArn;

    private RuntimeState state = RuntimeState.INITIALIZING;

    private String pendingEvent;

    private String response;

    /** The runtime reported the invocation failed: the response is its error report. */
    private boolean invocationFailed;

    private String failure;

    private long handedOverNanos;

    private long responseNanos;

    private long firstRequestNanos;

    RuntimeApiEmulator(String functionName) throws IOException {
        this.functionArn = "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
        server = LoopbackHttpServer.create();
        server.setExecutor(threads);
        server.createContext(RUNTIME, this::handle);
        server.start();
    }

    /** What a runtime's {@code AWS_LAMBDA_RUNTIME_API} is set to. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Waits until the runtime is in {@code wanted}; fails if it fails first. */
    void awaitState(RuntimeState wanted, Duration timeout) {
        awaitState(EnumSet.of(wanted), timeout);
    }

    /** Waits until the runtime is in one of {@code wanted}; fails if it fails first. */
    void awaitState(Set<RuntimeState> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!wanted.contains(state)) {
                if (state == RuntimeState.FAILED) {
                    throw new IllegalStateException("the runtime failed: " + failure);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the runtime was not " + wanted + " within " + timeout.toMillis()
                            + " ms (it is " + state + ")");
                }
                changed.awaitNanos(left);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + wanted, e);
        }
        finally {
            lock.unlock();
        }
    }

    /** When the runtime first asked for anything: the end of its init phase. */
    long firstRequestNanos() {
        lock.lock();
        try {
            return firstRequestNanos;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Hands {@code event} to the runtime once it asks for one and waits for its response.
     */
    Invocation invoke(String event, Duration timeout) {
        awaitState(RuntimeState.AWAITING_EVENT, timeout);
        lock.lock();
        try {
            response = null;
            invocationFailed = false;
            pendingEvent = event;
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
        awaitResponse(timeout);
        lock.lock();
        try {
            return new Invocation(response, Duration.ofNanos(responseNanos - handedOverNanos), invocationFailed);
        }
        finally {
            lock.unlock();
        }
    }

    private void awaitResponse(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (response == null) {
                if (state == RuntimeState.FAILED) {
                    throw new IllegalStateException("the invocation failed: " + failure);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the runtime did not answer within " + timeout.toMillis() + " ms");
                }
                changed.awaitNanos(left);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while invoking", e);
        }
        finally {
            lock.unlock();
        }
    }

    /** SnapStart: lets a runtime that waits to be restored go on to its restore hooks. */
    void restore() {
        awaitState(RuntimeState.AWAITING_RESTORE, Duration.ofSeconds(60));
        moveTo(RuntimeState.RESTORING);
    }

    /** The runtime's process ended: nothing it waits for will come. */
    void processEnded(int exitCode) {
        lock.lock();
        try {
            if (state != RuntimeState.FAILED) {
                failure = "the runtime's process ended with exit code " + exitCode;
                state = RuntimeState.FAILED;
                changed.signalAll();
            }
        }
        finally {
            lock.unlock();
        }
    }

    private void moveTo(RuntimeState next) {
        lock.lock();
        try {
            state = next;
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getPath().substring(RUNTIME.length());
            String method = exchange.getRequestMethod();
            noteFirstRequest();
            if (method.equals("GET") && path.equals("invocation/next")) {
                handOverNextEvent(exchange);
            }
            else if (method.equals("POST") && path.startsWith("invocation/")
                    && (path.endsWith("/response") || path.endsWith("/error"))) {
                // A failed invocation is reported as such and the runtime goes on to the
                // next
                // event, as on Lambda; a failed init or restore ends the environment.
                String answer = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(202, -1);
                recordResponse(answer, path.endsWith("/error"));
            }
            else if (method.equals("GET") && path.equals("restore/next")) {
                moveTo(RuntimeState.AWAITING_RESTORE);
                awaitState(RuntimeState.RESTORING, Duration.ofDays(1));
                exchange.sendResponseHeaders(200, -1);
            }
            else {
                // An init or restore error report.
                String report = method + " " + path + ": " + new String(body.readAllBytes(), StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(202, -1);
                lock.lock();
                try {
                    failure = report;
                    state = RuntimeState.FAILED;
                    changed.signalAll();
                }
                finally {
                    lock.unlock();
                }
            }
        }
        catch (IllegalStateException e) {
            // The runtime failed or the emulator closed while this request waited.
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private void noteFirstRequest() {
        lock.lock();
        try {
            if (firstRequestNanos == 0) {
                firstRequestNanos = System.nanoTime();
            }
        }
        finally {
            lock.unlock();
        }
    }

    private void handOverNextEvent(HttpExchange exchange) throws IOException {
        String event;
        lock.lock();
        try {
            state = RuntimeState.AWAITING_EVENT;
            changed.signalAll();
            while (pendingEvent == null) {
                if (state == RuntimeState.FAILED) {
                    throw new IllegalStateException(failure);
                }
                changed.await();
            }
            event = pendingEvent;
            pendingEvent = null;
            state = RuntimeState.INVOKING;
            handedOverNanos = System.nanoTime();
            changed.signalAll();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the emulator closed", e);
        }
        finally {
            lock.unlock();
        }
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", UUID.randomUUID().toString());
        exchange.getResponseHeaders()
            .add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 60_000));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void recordResponse(String answer, boolean failed) {
        lock.lock();
        try {
            responseNanos = System.nanoTime();
            invocationFailed = failed;
            response = answer;
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        processEnded(-1);
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
