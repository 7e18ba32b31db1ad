package dev.userfunctions.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private static HttpResponse<String> send(HttpRequest.Builder request) {
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
