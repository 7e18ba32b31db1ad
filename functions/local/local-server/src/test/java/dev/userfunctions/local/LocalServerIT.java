package dev.userfunctions.local;

import dev.userfunctions.cache.CacheSettings;
import dev.userfunctions.users.config.CacheSettingsCustomizer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.userfunctions.local.HttpClientSupport.get;
import static dev.userfunctions.local.HttpClientSupport.postJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP contract of the three functions, on the embedded Redis Cluster and MongoDB.
 */
class LocalServerIT extends LocalServerTestBase {

    @Test
    void quickStartFlow() {
        HttpResponse<String> seeded = postJson(port, "/seedUsers", "{}");
        assertThat(seeded.statusCode()).isEqualTo(200);
        assertThat(json(seeded).get("inserted").asLong()).isEqualTo(1000);
        assertThat(json(seeded).get("matched").asLong()).isZero();
        assertThat(json(seeded).get("invalidated").asLong()).isEqualTo(1001);
        assertThat(json(seeded).get("invalidationFailures").asLong()).isZero();

        HttpResponse<String> first = get(port, "/getUser/ly1");
        HttpResponse<String> second = get(port, "/getUser/ly1");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(xCache(first)).isEqualTo("MISS");
        assertThat(xCache(second)).isEqualTo("HIT");
        assertThat(json(second).get("name").asString()).isEqualTo("ly1");
        assertThat(json(second).get("age").asInt()).isEqualTo(1);
        assertThat(json(second).get("id").asString()).isEqualTo(json(first).get("id").asString()).hasSize(24);
        assertThat(first.headers().firstValue("Content-Type"))
            .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));

        HttpResponse<String> count = get(port, "/countUsers");
        assertThat(count.statusCode()).isEqualTo(200);
        assertThat(json(count).get("total").asLong()).isEqualTo(1000);
        assertThat(json(count).get("shards").isNull()).isTrue();
        assertThat(xCache(count)).isIn("MISS", "HIT");

        HttpResponse<String> missing = get(port, "/getUser/nobody");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asString()).contains("nobody");
        assertThat(json(missing).get("status").asInt()).isEqualTo(404);
        assertThat(xCache(missing)).isEqualTo("MISS");
        assertThat(xCache(get(port, "/getUser/nobody"))).as("the 404 is cached").isEqualTo("HIT");
    }

    @Test
    void theServerAddsSingleFlight(@Autowired List<CacheSettingsCustomizer> customizers) {
        CacheSettings settings = CacheSettings.named("users");
        assertThat(settings.singleFlight()).as("the library's default").isFalse();
        for (CacheSettingsCustomizer customizer : customizers) {
            settings = customizer.customize(settings);
        }

        assertThat(settings.singleFlight()).isTrue();
    }

    @Test
    void healthSaysMongoAndTheCacheAreUp() {
        HttpResponse<String> health = get(port, "/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asString()).isEqualTo("UP");
        assertThat(json(health).get("components").get("users").get("details").get("cache").asString())
            .isEqualTo("in use");
    }

    @Test
    void seedingAgainCreatesNothingNew() {
        postJson(port, "/seedUsers", "{\"count\": 300}");
        HttpResponse<String> again = postJson(port, "/seedUsers", "{\"count\": 300}");

        assertThat(json(again).get("inserted").asLong()).isZero();
        assertThat(json(again).get("matched").asLong()).isEqualTo(300);
        assertThat(mongo.getCollection("users").countDocuments()).isEqualTo(300);
    }

    @Test
    void answersCarryOnlyTheHeadersTheProjectSetsWhateverTheRequestSent() {
        postJson(port, "/seedUsers", "{\"count\": 2}");
        List<HttpRequest.Builder> requests = List.of(request("/getUser/ly1").GET(), request("/getUser/ghost").GET(),
                request("/getUser/%24where").GET(), request("/countUsers").GET(),
                request("/seedUsers").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"count\": 2}")));
        for (HttpRequest.Builder request : requests) {
            HttpResponse<String> response = HttpClientSupport.send(request);
            Set<String> names = response.headers()
                .map()
                .keySet()
                .stream()
                .map(String::toLowerCase)
                .collect(Collectors.toSet());
            assertThat(names).as(response.uri() + " answered " + response.statusCode())
                .isSubsetOf("content-type", "x-cache", "allow", "content-length", "transfer-encoding", "date",
                        "connection", "keep-alive")
                .contains("content-type");
        }
    }

    /** A request carrying what clients and proxies send: credentials, origin, cookies. */
    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("X-Api-Key", "k-999")
            .header("X-Amz-Security-Token", "token-1")
            .header("X-Forwarded-For", "203.0.113.7")
            .header("Origin", "https://example.com")
            .header("Cookie", "session=abc");
    }

    @Test
    void writesAreVisibleImmediatelyThroughTheCache() {
        postJson(port, "/seedUsers", "{\"count\": 1000}");
        assertThat(get(port, "/getUser/ly1500").statusCode()).isEqualTo(404);
        assertThat(xCache(get(port, "/getUser/ly1500"))).as("negative answer cached").isEqualTo("HIT");
        assertThat(json(get(port, "/countUsers")).get("total").asLong()).isEqualTo(1000);
        assertThat(xCache(get(port, "/countUsers"))).as("count cached").isEqualTo("HIT");

        HttpResponse<String> seeded = postJson(port, "/seedUsers", "{\"count\": 2000}");
        assertThat(json(seeded).get("inserted").asLong()).isEqualTo(1000);

        HttpResponse<String> nowThere = get(port, "/getUser/ly1500");
        assertThat(nowThere.statusCode()).isEqualTo(200);
        assertThat(json(nowThere).get("age").asInt()).isEqualTo(1500);
        HttpResponse<String> count = get(port, "/countUsers");
        assertThat(json(count).get("total").asLong()).isEqualTo(2000);
        assertThat(xCache(count)).isEqualTo("MISS");
    }

}
