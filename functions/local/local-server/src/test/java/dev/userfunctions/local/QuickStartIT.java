package dev.userfunctions.local;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's quick start as a user runs it: {@code java -jar local-server.jar} on the
 * embedded default, the README's calls, and a seed of the 100,000 users the API allows in
 * one call. The console shows the three lines the README shows and nothing at WARN or
 * ERROR; the big seed answers within its documented bound and a second one is idempotent.
 * Its figures go to target/quick-start.txt.
 */
class QuickStartIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The README's bound for 100,000 users on the embedded default. */
    static final Duration BIG_SEED_BOUND = Duration.ofSeconds(60);

    @Test
    void theQuickStartIsQuietAndSeedsAHundredThousandUsers() throws Exception {
        int port = freePort();
        List<String> console = consoleOfARun(Map.of("PORT", String.valueOf(port)), base -> {
            assertThat(call("POST", base + "/seedUsers", "{}").statusCode()).isEqualTo(200);
            assertThat(cacheOf(call("GET", base + "/getUser/ly1", null))).isEqualTo("MISS");
            assertThat(cacheOf(call("GET", base + "/getUser/ly1", null))).isEqualTo("HIT");
            assertThat(call("GET", base + "/countUsers", null).statusCode()).isEqualTo(200);
            assertThat(call("GET", base + "/getUser/nobody", null).statusCode()).isEqualTo(404);
            assertThat(call("GET", base + "/getUser/%24where", null).statusCode()).isEqualTo(400);

            long start = System.nanoTime();
            HttpResponse<String> big = call("POST", base + "/seedUsers", "{\"count\": 100000}");
            Duration first = Duration.ofNanos(System.nanoTime() - start);
            start = System.nanoTime();
            HttpResponse<String> again = call("POST", base + "/seedUsers", "{\"count\": 100000}");
            Duration second = Duration.ofNanos(System.nanoTime() - start);
            JsonNode firstAnswer = JSON.readTree(big.body());
            JsonNode secondAnswer = JSON.readTree(again.body());

            assertThat(big.statusCode()).as(big.body()).isEqualTo(200);
            assertThat(firstAnswer.get("inserted").asLong() + firstAnswer.get("matched").asLong()).isEqualTo(100_000);
            assertThat(first).as("100,000 users on the embedded default").isLessThan(BIG_SEED_BOUND);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(secondAnswer.get("inserted").asLong()).as("the second seed creates nothing").isZero();
            assertThat(secondAnswer.get("matched").asLong()).isEqualTo(100_000);
            JsonNode count = JSON.readTree(call("GET", base + "/countUsers", null).body());
            assertThat(count.get("total").asLong()).isEqualTo(100_000);
            String figures = """
                    Seeding 100,000 users on the embedded default, measured by QuickStartIT (./mvnw -B verify -pl functions/local/local-server -am -Dit.test=QuickStartIT -Dfailsafe.failIfNoSpecifiedTests=false)
                      first seed (99,000 new after the quick start's 1,000): %d ms, answered 200
                      second seed (all 100,000 exist): %d ms, inserted 0
                    """
                .formatted(first.toMillis(), second.toMillis());
            System.out.print(figures);
            Files.writeString(Path.of("target", "quick-start.txt"), figures);
        });
        assertThat(console).as("the console of a clean run")
            .noneMatch(line -> line.contains(" WARN ") || line.contains(" ERROR "));
        assertThat(console).as("the console of a clean run").hasSize(3);
        assertThat(console.get(0)).startsWith("MONGODB_URI not set: started the embedded MongoDB");
        assertThat(console.get(1))
            .startsWith("REDIS_NODES not set: started an embedded Redis Cluster (3 masters, 3 replicas)");
        assertThat(console.get(2)).isEqualTo("Functions listening on http://localhost:" + port
                + " : GET /getUser/{name}, POST /seedUsers, GET /countUsers");
    }

    @Test
    void itLogsJsonLinesWhenAskedTo() throws Exception {
        int port = freePort();
        List<String> console = consoleOfARun(
                Map.of("PORT", String.valueOf(port), "LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"),
                base -> assertThat(call("GET", base + "/getUser/nobody", null).statusCode()).isEqualTo(404));
        List<JsonNode> lines = console.stream().map(JSON::readTree).toList();
        assertThat(lines).as("every line is a JSON object: %s", console).allMatch(JsonNode::isObject);
        assertThat(lines).extracting(line -> line.path("message").asString(""))
            .anyMatch(message -> message.startsWith("MONGODB_URI not set: started the embedded MongoDB"))
            .anyMatch(message -> message.startsWith("Functions listening on http://localhost:" + port));
    }

    interface Session {

        void run(String base) throws Exception;

    }

    /**
     * Runs the server jar with {@code environment}, waits until it listens, runs
     * {@code session} against it, stops it, and returns its console (non-blank lines).
     */
    private static List<String> consoleOfARun(Map<String, String> environment, Session session) throws Exception {
        Path log = Files.createTempFile("quick-start", ".log");
        Process server = ServerJar.start(log, environment);
        try {
            await("the server listens").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> Files.readString(log).contains("Functions listening on"));
            session.run("http://localhost:" + environment.get("PORT"));
        }
        finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> console = Files.readAllLines(log, StandardCharsets.UTF_8)
            .stream()
            .filter(line -> !line.isBlank())
            .toList();
        Files.delete(log);
        return console;
    }

    private static int freePort() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private static HttpResponse<String> call(String method, String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
        if (json == null) {
            request.GET();
        }
        else {
            request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cacheOf(HttpResponse<String> response) {
        return response.headers().firstValue("X-Cache").orElse("");
    }

}
