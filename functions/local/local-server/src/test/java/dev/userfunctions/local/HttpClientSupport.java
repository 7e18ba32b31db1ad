package dev.userfunctions.local;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A real HTTP client against the running server, with timeouts so that a hang fails the
 * test.
 */
final class HttpClientSupport {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HttpClientSupport() {
    }

    static HttpResponse<String> get(int port, String rawPath) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + rawPath)).GET());
    }

    static HttpResponse<String> post(int port, String rawPath, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + rawPath))
            .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    static HttpResponse<String> postJson(int port, String rawPath, String body) {
        return post(port, rawPath, "application/json", body);
    }

    /** Any method, with a JSON body. */
    static HttpResponse<String> send(int port, String method, String rawPath, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + rawPath))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * A GET written on the socket as any client could, for paths Java's HTTP client
     * refuses to send (malformed escapes); the whole response as received.
     */
    static String rawGet(int port, String rawPath) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream()
                .write(("GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new IllegalStateException("HTTP call failed", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

}
