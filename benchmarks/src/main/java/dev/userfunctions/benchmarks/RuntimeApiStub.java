package dev.userfunctions.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The part of the Lambda Runtime API one runtime process needs to serve invocations
 * (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html): the runtime's
 * {@code GET .../invocation/next} waits for an event, its {@code POST
 * .../invocation/{id}/response} ends the invocation. Each invocation is timed from the
 * event handed to the runtime to its response received, as Lambda times a function's
 * duration; everything else about the real service is left out.
 */
final class RuntimeApiStub implements AutoCloseable {

    private static final String INVOCATION = "/2018-06-01/runtime/invocation/";

    static {
        // Without it the JDK's server leaves Nagle's algorithm on, and a small answer can
        // wait for the runtime's delayed ACK (a first run crawled at a few % CPU).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;

    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    private final BlockingQueue<byte[]> events = new ArrayBlockingQueue<>(1);

    private final BlockingQueue<Double> durationsMicros = new ArrayBlockingQueue<>(1);

    private volatile long handedOverNanos;

    private volatile String failure;

    RuntimeApiStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext(INVOCATION, this::handle);
        server.start();
    }

    /** What a runtime's {@code AWS_LAMBDA_RUNTIME_API} is set to. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Hands {@code event} to the runtime and waits for its response: the invocation's
     * duration in microseconds.
     */
    double invoke(byte[] event, long timeout, TimeUnit unit) {
        try {
            if (!events.offer(event, timeout, unit)) {
                throw new IllegalStateException("the runtime did not ask for an event within " + timeout + " " + unit);
            }
            Double micros = durationsMicros.poll(timeout, unit);
            if (micros == null) {
                throw new IllegalStateException("the runtime did not answer within " + timeout + " " + unit);
            }
            if (failure != null) {
                throw new IllegalStateException("the invocation failed: " + failure);
            }
            return micros;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while invoking", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("GET") && path.endsWith("/next")) {
                byte[] event = events.take();
                handedOverNanos = System.nanoTime();
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", UUID.randomUUID().toString());
                exchange.getResponseHeaders()
                    .add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 60_000));
                exchange.getResponseHeaders()
                    .add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:bench");
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, event.length);
                exchange.getResponseBody().write(event);
            }
            else if (exchange.getRequestMethod().equals("POST") && path.endsWith("/response")) {
                body.readAllBytes();
                double micros = (System.nanoTime() - handedOverNanos) / 1000.0;
                exchange.sendResponseHeaders(202, -1);
                durationsMicros.add(micros);
            }
            else {
                // An error report (init or invocation): what the runtime said ends the
                // measurement.
                failure = exchange.getRequestMethod() + " " + path + ": " + new String(body.readAllBytes());
                exchange.sendResponseHeaders(202, -1);
                durationsMicros.offer(Double.NaN);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

}
