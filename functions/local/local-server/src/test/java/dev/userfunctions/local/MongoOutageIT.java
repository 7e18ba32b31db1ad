package dev.userfunctions.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.userfunctions.local.HttpClientSupport.get;
import static dev.userfunctions.local.HttpClientSupport.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB down: cached users are still answered, everything else is a 503 within the
 * driver's 2 s server selection timeout (asserted under 4 s), and all recovers when it is
 * back.
 */
class MongoOutageIT extends LocalServerTestBase {

    @AfterEach
    void restartMongo() {
        stack().mongo().startServer();
    }

    @Test
    void cachedAnswersSurviveAnOutageAndTheRestIs503Fast() {
        postJson(port, "/seedUsers", "{\"count\": 10}");
        get(port, "/getUser/ly1");
        assertThat(get(port, "/countUsers").statusCode()).isEqualTo(200);

        stack().mongo().stop();

        HttpResponse<String> cached = get(port, "/getUser/ly1");
        assertThat(cached.statusCode()).isEqualTo(200);
        assertThat(xCache(cached)).isEqualTo("HIT");
        assertThat(get(port, "/countUsers").statusCode()).as("cached count").isEqualTo(200);

        long start = System.nanoTime();
        HttpResponse<String> uncached = get(port, "/getUser/ly5");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(uncached.statusCode()).isEqualTo(503);
        assertThat(json(uncached).get("error").asString()).contains("MongoDB is unreachable");
        assertThat(xCache(uncached)).isEqualTo("MISS");
        assertThat(took).isLessThan(Duration.ofSeconds(4));

        long seedStart = System.nanoTime();
        assertThat(postJson(port, "/seedUsers", "{\"count\": 10}").statusCode()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - seedStart)).isLessThan(Duration.ofSeconds(4));

        assertThat(get(port, "/actuator/health").statusCode()).as("health while MongoDB is down").isEqualTo(503);

        stack().mongo().startServer();
        await("getUser recovers").atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> get(port, "/getUser/ly5").statusCode() == 200);
        assertThat(postJson(port, "/seedUsers", "{\"count\": 10}").statusCode()).isEqualTo(200);
    }

}
