package dev.userfunctions.local.drills;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A steady stream of HTTP GETs from a few client threads, each request recorded: when it
 * started, how long it took, its status and X-Cache. A request that gets no answer within
 * the client timeout counts as failed.
 */
public final class LoadStream implements AutoCloseable {

    /**
     * One request. {@code status} 0 means no answer (connection error or client timeout).
     */
    public record Sample(long startMillis, long latencyMicros, int status, String cache) {
        public boolean failed() {
            return status == 0 || status >= 500;
        }
    }

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());

    private final AtomicBoolean running = new AtomicBoolean();

    private final AtomicLong sequence = new AtomicLong();

    private final ExecutorService threads;

    private final int clients;

    private final Duration pause;

    private final LongFunction<String> urls;

    private final long originNanos;

    private LoadStream(int clients, Duration pause, LongFunction<String> urls) {
        this.clients = clients;
        this.pause = pause;
        this.urls = urls;
        this.threads = Executors.newFixedThreadPool(clients);
        this.originNanos = System.nanoTime();
    }

    /**
     * Starts {@code clients} threads, each sending a request, then pausing, until
     * {@link #close()}.
     */
    public static LoadStream start(int clients, Duration pause, LongFunction<String> urls) {
        LoadStream stream = new LoadStream(clients, pause, urls);
        stream.running.set(true);
        for (int i = 0; i < clients; i++) {
            stream.threads.submit(stream::loop);
        }
        return stream;
    }

    /** Milliseconds since the stream started; events are stamped with it. */
    public long now() {
        return (System.nanoTime() - originNanos) / 1_000_000;
    }

    private void loop() {
        while (running.get()) {
            String url = urls.apply(sequence.getAndIncrement());
            long start = System.nanoTime();
            int status = 0;
            String cache = null;
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(URI.create(url)).timeout(CLIENT_TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                status = response.statusCode();
                cache = response.headers().firstValue("X-Cache").orElse(null);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            catch (Exception e) {
                status = 0;
            }
            samples
                .add(new Sample((start - originNanos) / 1_000_000, (System.nanoTime() - start) / 1_000, status, cache));
            try {
                Thread.sleep(pause.toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    public int clients() {
        return clients;
    }

    @Override
    public void close() {
        running.set(false);
        threads.shutdown();
        try {
            if (!threads.awaitTermination(CLIENT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        }
        catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

}
