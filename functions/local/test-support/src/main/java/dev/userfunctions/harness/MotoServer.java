package dev.userfunctions.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * moto's local AWS API server ({@code python3 -m moto.server}), the stand-in for the AWS
 * services the functions call, behind a counting front door: environments are given
 * {@link #endpoint()}, which forwards every request to moto and counts them by their
 * {@code X-Amz-Target} (the operation of AWS's JSON protocols, such as
 * {@code secretsmanager.GetSecretValue}); tests set things up through
 * {@link #motoEndpoint()}.
 */
public final class MotoServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process moto;

    private final String motoEndpoint;

    private final HttpServer front;

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private MotoServer(Path log) throws IOException, InterruptedException {
        int port = freePort();
        motoEndpoint = "http://127.0.0.1:" + port;
        moto = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answers(motoEndpoint + "/moto-api/")) {
            if (System.nanoTime() > deadline || !moto.isAlive()) {
                moto.destroyForcibly();
                throw new IllegalStateException("moto's server did not start on " + motoEndpoint + "; see " + log);
            }
            Thread.sleep(100);
        }
        front = LoopbackHttpServer.create();
        front.createContext("/", this::forward);
        front.start();
    }

    /**
     * True when {@code python3 -m moto.server} can run here (the machine's Python has
     * moto; PyPI is not reachable to install it).
     */
    public static boolean available() {
        return Commands.succeeds(Duration.ofSeconds(30), "python3", "-c", "import moto.server");
    }

    /** Starts moto, its log in {@code log}. */
    public static MotoServer start(Path log) {
        try {
            return new MotoServer(log);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Starting moto's server", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while moto started", e);
        }
    }

    /** The counting front door, for the code under test. */
    public String endpoint() {
        return "http://127.0.0.1:" + front.getAddress().getPort();
    }

    /** moto itself, for the test's own setup (not counted). */
    public String motoEndpoint() {
        return motoEndpoint;
    }

    /**
     * A Secrets Manager client on moto itself (not counted), for a test's own setup; the
     * caller closes it.
     */
    public SecretsManagerClient secretsManager() {
        return SecretsManagerClient.builder()
            .endpointOverride(URI.create(motoEndpoint))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    }

    /**
     * Requests for {@code target} (such as {@code secretsmanager.GetSecretValue}) so far.
     */
    public int calls(String target) {
        AtomicInteger count = calls.get(target);
        return count == null ? 0 : count.get();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            calls.computeIfAbsent(String.valueOf(target), key -> new AtomicInteger()).incrementAndGet();
            HttpURLConnection upstream = (HttpURLConnection) URI
                .create(motoEndpoint + exchange.getRequestURI().toString())
                .toURL()
                .openConnection();
            upstream.setConnectTimeout(2000);
            upstream.setReadTimeout(10_000);
            upstream.setRequestMethod(exchange.getRequestMethod());
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!List.of("Host", "Content-length", "Connection").contains(name)) {
                    values.forEach(value -> upstream.addRequestProperty(name, value));
                }
            });
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (body.length > 0) {
                upstream.setDoOutput(true);
                upstream.getOutputStream().write(body);
            }
            int status = upstream.getResponseCode();
            InputStream reply = status >= 400 ? upstream.getErrorStream() : upstream.getInputStream();
            byte[] answer = reply == null ? new byte[0] : reply.readAllBytes();
            upstream.getHeaderFields().forEach((name, values) -> {
                if (name != null && !List.of("Content-Length", "Transfer-Encoding", "Connection").contains(name)) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    @Override
    public void close() {
        front.stop(0);
        moto.destroy();
    }

    private static boolean answers(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(1000);
            return connection.getResponseCode() == 200;
        }
        catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
