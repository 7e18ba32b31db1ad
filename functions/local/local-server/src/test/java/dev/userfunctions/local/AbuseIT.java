package dev.userfunctions.local;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.userfunctions.local.HttpClientSupport.get;
import static dev.userfunctions.local.HttpClientSupport.post;
import static dev.userfunctions.local.HttpClientSupport.postJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Injection attempts and malformed requests: each gets its 4xx, and neither MongoDB nor
 * Redis changes.
 */
class AbuseIT extends LocalServerTestBase {

    private List<Document> documentsBefore;

    private long keysBefore;

    @BeforeEach
    void seedAndSnapshot() {
        assertThat(postJson(port, "/seedUsers", "{\"count\": 20}").statusCode()).isEqualTo(200);
        assertThat(get(port, "/getUser/ly1").statusCode()).isEqualTo(200);
        documentsBefore = snapshot();
        keysBefore = stack().redis().keyCount();
        assertThat(keysBefore).isPositive();
    }

    private List<Document> snapshot() {
        return mongo.getCollection("users").find().sort(new Document("name", 1)).into(new java.util.ArrayList<>());
    }

    /**
     * The error body the README promises: JSON {"error", "status"}, as application/json
     * in UTF-8.
     */
    static void assertJsonError(HttpResponse<String> response) {
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        assertThat(contentType).as("Content-Type of a %d", response.statusCode()).startsWith("application/json");
        if (contentType.contains("charset")) {
            assertThat(contentType).containsIgnoringCase("charset=UTF-8");
        }
        assertThat(json(response).get("status").asInt()).isEqualTo(response.statusCode());
        assertThat(json(response).get("error").asString()).isNotBlank();
    }

    private void assertNothingChanged() {
        assertThat(snapshot()).isEqualTo(documentsBefore);
        assertThat(mongo.getCollectionNames()).containsExactly("users");
        assertThat(stack().redis().keyCount()).isEqualTo(keysBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/getUser/%7B%22%24ne%22%3A%20null%7D", // {"$ne": null}
            "/getUser/%7B%22%24gt%22%3A%22%22%7D", // {"$gt":""}
            "/getUser/%24where", // $where
            "/getUser/ly1'%20%7C%7C%20'1'%3D%3D'1", // ly1' || '1'=='1
            "/getUser/ly1%2F..%2Fly2", // encoded slashes
            "/getUser/ly1%5Cly2", // backslash
            "/getUser/%E2%80%AEevil", // right-to-left override
            "/getUser/%F0%9F%98%80", // emoji
            "/getUser/ly1%00", // NUL
            "/getUser/ly1%0D%0AX-Injected:%201", // header injection
            "/getUser/%C0%AF", // overlong UTF-8
            "/getUser/%20ly1", // leading space
            "/getUser/ly1/extra", // extra path segment
    })
    void hostileNamesAre4xx(String path) {
        HttpResponse<String> response = get(port, path);

        assertThat(response.statusCode()).as(path).isBetween(400, 499);
        assertJsonError(response);
        assertThat(response.headers().firstValue("X-Injected")).isEmpty();
        assertNothingChanged();
    }

    /**
     * Escapes Java's HTTP client refuses to send, written on the socket as any client
     * could.
     */
    @ParameterizedTest
    @ValueSource(strings = { "/getUser/%ZZ", "/getUser/ly1%2", "/getUser/%" })
    void malformedEscapesAreAJson400(String path) throws Exception {
        String response = HttpClientSupport.rawGet(port, path);

        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response.toLowerCase(java.util.Locale.ROOT))
            .contains("content-type: application/json;charset=utf-8");
        assertThat(response.substring(response.indexOf("\r\n\r\n") + 4)).contains("\"status\":400")
            .contains("\"error\":");
        assertNothingChanged();
    }

    /**
     * Tomcat's own refusals say what the cache did only on the paths of the functions
     * that read through it.
     */
    @Test
    void aMalformedEscapeSaysXCacheOnlyWhereTheCacheIsRead() throws Exception {
        assertThat(HttpClientSupport.rawGet(port, "/getUser/%ZZ").toLowerCase(java.util.Locale.ROOT))
            .contains("x-cache: bypass");
        assertThat(HttpClientSupport.rawGet(port, "/seedUsers/%ZZ").toLowerCase(java.util.Locale.ROOT))
            .startsWith("http/1.1 400")
            .doesNotContain("x-cache");
    }

    @Test
    void aTenThousandCharacterNameIs4xx() {
        HttpResponse<String> response = get(port, "/getUser/" + "a".repeat(10_000));

        assertThat(response.statusCode()).isBetween(400, 499);
        assertJsonError(response);
        assertNothingChanged();
    }

    @Test
    void aSixtyFiveCharacterNameIs400WithItsReason() {
        HttpResponse<String> response = get(port, "/getUser/" + "a".repeat(65));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asString()).contains("longer than 64");
        assertThat(json(response).get("status").asInt()).isEqualTo(400);
        assertNothingChanged();
    }

    @ParameterizedTest
    @ValueSource(strings = { "null", "not json", "{\"count\": 10", "[]", "[{\"count\": 1}, {\"count\": 2}]", "\"ly\"",
            "12", "{\"count\": 1e400}", "{\"count\": 123456789012345678901234567890}", "{\"count\": -5}",
            "{\"count\": 2.5}", "{\"count\": \"10\"}", "{\"count\": {\"$gt\": 1}}", "{\"prefix\": {\"$ne\": null}}",
            "{\"prefix\": [\"a\"]}", "{\"prefix\": \"$where\"}", "{\"prefix\": \"a/b\"}", "{\"start\": \"0\"}",
            "{\"start\": 1e12}", "{\"count\": 100001}", "{\"unknown\": 1}", "{\"count\": 1, \"count\": 2}" })
    void badSeedBodiesAre400(String body) {
        HttpResponse<String> response = postJson(port, "/seedUsers", body);

        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertJsonError(response);
        assertThat(json(response).get("error").asString()).isNotBlank();
        assertNothingChanged();
    }

    @Test
    void aHugePrefixIs400() {
        HttpResponse<String> response = postJson(port, "/seedUsers", "{\"prefix\": \"" + "a".repeat(100_000) + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertNothingChanged();
    }

    @Test
    void aFormBodyIs415() {
        HttpResponse<String> response = post(port, "/seedUsers", "application/x-www-form-urlencoded", "count=5");

        assertThat(response.statusCode()).isEqualTo(415);
        assertJsonError(response);
        assertThat(json(response).get("error").asString()).contains("application/json");
        assertNothingChanged();
    }

    @Test
    void putAndDeleteRunNothing() {
        HttpResponse<String> put = HttpClientSupport.send(port, "PUT", "/seedUsers", "{}");
        HttpResponse<String> delete = HttpClientSupport.send(port, "DELETE", "/getUser/ly1", "{}");

        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).contains("POST");
        assertThat(delete.headers().firstValue("Allow")).contains("GET");
        List.of(put, delete).forEach(AbuseIT::assertJsonError);
        assertNothingChanged();
    }

    @Test
    void unknownFunctionsAndWrongMethodsAre4xxInJson() {
        HttpResponse<String> unknown = get(port, "/dropUsers");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asString()).contains("/getUser/{name}");

        HttpResponse<String> getOnSeed = get(port, "/seedUsers");
        assertThat(getOnSeed.statusCode()).isEqualTo(405);
        assertThat(json(getOnSeed).get("status").asInt()).isEqualTo(405);

        HttpResponse<String> postOnGetUser = postJson(port, "/getUser/ly1", "{}");
        assertThat(postOnGetUser.statusCode()).isEqualTo(405);
        assertThat(postOnGetUser.headers().firstValue("Allow")).contains("GET");
        assertThat(HttpClientSupport.send(port, "PATCH", "/actuator/health", "{}").statusCode()).isEqualTo(405);
        List.of(unknown, getOnSeed, postOnGetUser).forEach(AbuseIT::assertJsonError);

        assertThat(get(port, "/getUser").statusCode()).isBetween(400, 499);
        assertThat(get(port, "/getUser/").statusCode()).isEqualTo(400);
        assertNothingChanged();
    }

}
