package dev.userfunctions.local;

import dev.userfunctions.fixtures.AnswerCatalog;
import dev.userfunctions.embedded.RedisNode;
import dev.userfunctions.users.UserCacheKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.TreeMap;

import static dev.userfunctions.local.HttpClientSupport.get;
import static dev.userfunctions.local.HttpClientSupport.post;
import static dev.userfunctions.local.HttpClientSupport.postJson;
import static dev.userfunctions.local.HttpClientSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of answer the local server gives (valid, refused and failing requests of the
 * three functions, and the server's own errors), in a catalog compared byte for byte with
 * {@code src/test/resources/answer-catalog/http.txt}. Only {@code Date} and the seed's
 * {@code tookMs} and the users' generated ids vary between runs; they are replaced by
 * placeholders.
 */
class AnswerCatalogIT extends LocalServerTestBase {

    private final AnswerCatalog catalog = new AnswerCatalog(
            text -> text.replaceAll("\"tookMs\":\\d+", "\"tookMs\":<ms>")
                .replaceAll("\"id\":\"[0-9a-f]{24}\"", "\"id\":\"<id>\""));

    @AfterEach
    void restoreStack() {
        stack().mongo().startServer();
    }

    @Test
    void answersAreTheCatalogued() throws IOException {
        record("POST /seedUsers {\"count\": 3}", postJson(port, "/seedUsers", "{\"count\": 3}"));
        record("GET /getUser/ly1 (first)", get(port, "/getUser/ly1"));
        record("GET /getUser/ly1 (again)", get(port, "/getUser/ly1"));
        record("GET /getUser/ghost (first)", get(port, "/getUser/ghost"));
        record("GET /getUser/ghost (again)", get(port, "/getUser/ghost"));
        record("GET /countUsers (first)", get(port, "/countUsers"));
        record("GET /countUsers (again)", get(port, "/countUsers"));
        record("POST /seedUsers {} (default seed)", postJson(port, "/seedUsers", "{}"));
        record("GET /getUser/ly1 (after the seed)", get(port, "/getUser/ly1"));
        record("GET /countUsers (after the seed)", get(port, "/countUsers"));
        record("GET /getUser/%24where", get(port, "/getUser/%24where"));
        record("GET /getUser/aaa...(65)", get(port, "/getUser/" + "a".repeat(65)));
        record("GET /getUser/ly1/extra", get(port, "/getUser/ly1/extra"));
        record("GET /getUser/", get(port, "/getUser/"));
        record("POST /seedUsers {\"count\": -1}", postJson(port, "/seedUsers", "{\"count\": -1}"));
        record("POST /seedUsers [1, 2]", postJson(port, "/seedUsers", "[1, 2]"));
        record("POST /seedUsers {not json", postJson(port, "/seedUsers", "{not json"));
        record("POST /seedUsers {\"count\": \"x\"}", postJson(port, "/seedUsers", "{\"count\": \"x\"}"));
        record("POST /seedUsers {\"other\": 1}", postJson(port, "/seedUsers", "{\"other\": 1}"));
        record("POST /seedUsers form-encoded",
                post(port, "/seedUsers", "application/x-www-form-urlencoded", "count=5"));
        record("PUT /seedUsers", send(port, "PUT", "/seedUsers", "{}"));
        record("DELETE /getUser/ly1", send(port, "DELETE", "/getUser/ly1", "{}"));
        record("GET /seedUsers", get(port, "/seedUsers"));
        record("POST /getUser/ly1", postJson(port, "/getUser/ly1", "{}"));
        record("GET /dropUsers", get(port, "/dropUsers"));
        catalog.add("GET /getUser/%ZZ (raw socket)", rawGet("/getUser/%ZZ"));

        stack().mongo().stop();
        record("GET /getUser/ly1 (cached, MongoDB down)", get(port, "/getUser/ly1"));
        record("GET /getUser/ly2 (not cached, MongoDB down)", get(port, "/getUser/ly2"));
        record("GET /countUsers (MongoDB down)", get(port, "/countUsers"));
        record("POST /seedUsers {\"count\": 3} (MongoDB down)", postJson(port, "/seedUsers", "{\"count\": 3}"));
        stack().mongo().startServer();

        failedReadOnABypassedNode();

        assertThat(catalog.differencesFromCommitted("http.txt")).isEmpty();
    }

    /**
     * The master of ly3's key stops answering clients (CLIENT PAUSE: no failover) until
     * its breaker opens, then MongoDB stops: the read fails while its own node is
     * bypassed.
     */
    private void failedReadOnABypassedNode() {
        RedisNode master = stack().redis().masterOf(UserCacheKeys.byName("ly3"));
        stack().redis().pauseClients(master, Duration.ofSeconds(4));
        await("ly3's node bypassed").atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> "BYPASS".equals(xCache(get(port, "/getUser/ly3"))));
        stack().mongo().stop();
        record("GET /getUser/ly3 (its node bypassed, MongoDB down)", get(port, "/getUser/ly3"));
        stack().mongo().startServer();
        await("ly3's node back").atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> "HIT".equals(xCache(get(port, "/getUser/ly3"))));
    }

    private void record(String request, HttpResponse<String> response) {
        StringBuilder answer = new StringBuilder().append(response.statusCode()).append('\n');
        new TreeMap<>(response.headers().map()).forEach((name, values) -> {
            if (!name.equals("date")) {
                answer.append(name).append(": ").append(String.join(", ", values)).append('\n');
            }
        });
        catalog.add(request, answer.append(response.body()).toString());
    }

    private String rawGet(String path) throws IOException {
        return HttpClientSupport.rawGet(port, path)
            .lines()
            .filter(line -> !line.toLowerCase(Locale.ROOT).startsWith("date:"))
            .reduce((a, b) -> a + "\n" + b)
            .orElse("");
    }

}
