package dev.userfunctions.getuser;

import dev.userfunctions.getuser.lambda.GetUserHandler;
import org.bson.Document;
import dev.userfunctions.aws.ForEachPayloadVersion;
import dev.userfunctions.aws.LambdaFunctionTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Set;

import static dev.userfunctions.aws.LambdaInvocations.JSON;
import static dev.userfunctions.aws.LambdaInvocations.fixture;
import static dev.userfunctions.aws.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * getUser through its Lambda handler, in process, on API Gateway event fixtures.
 */
class GetUserLambdaIT extends LambdaFunctionTestSupport {

    @BeforeAll
    static void start() {
        startHandler(GetUserHandler::new);
    }

    @BeforeEach
    void seed() {
        users().insertOne(new Document("name", "ly1").append("age", 1));
    }

    @ForEachPayloadVersion
    void aUserIs200ThenCached(String fixture) {
        JsonNode first = invoke(handler, fixture(fixture, "ly1"));
        JsonNode second = invoke(handler, fixture(fixture, "ly1"));

        assertThat(first.get("statusCode").asInt()).isEqualTo(200);
        assertThat(first.get("headers").get("X-Cache").asString()).isEqualTo("MISS");
        assertThat(second.get("headers").get("X-Cache").asString()).isEqualTo("HIT");
        JsonNode user = JSON.readTree(second.get("body").asString());
        assertThat(user.get("name").asString()).isEqualTo("ly1");
        assertThat(user.get("age").asInt()).isEqualTo(1);
        assertThat(user.get("id").asString()).hasSize(24);
    }

    @ForEachPayloadVersion
    void answersCarryOnlyContentTypeAndXCache(String fixture) {
        JsonNode answer = invoke(handler, fixture(fixture, "ly1"));

        assertThat(Set.copyOf(answer.get("headers").propertyNames())).containsExactlyInAnyOrder("Content-Type",
                "X-Cache");
        assertThat(answer.get("headers").get("Content-Type").asString()).isEqualTo("application/json");
        assertThat(answer.get("isBase64Encoded").asBoolean()).isFalse();
    }

    @ForEachPayloadVersion
    void aMissingUserIs404AndCached(String fixture) {
        JsonNode first = invoke(handler, fixture(fixture, "ghost"));
        JsonNode second = invoke(handler, fixture(fixture, "ghost"));

        assertThat(first.get("statusCode").asInt()).isEqualTo(404);
        assertThat(JSON.readTree(first.get("body").asString()).get("error").asString()).contains("ghost");
        assertThat(second.get("headers").get("X-Cache").asString()).isEqualTo("HIT");
    }

    @ForEachPayloadVersion
    void anInvalidNameIs400(String fixture) {
        JsonNode answer = invoke(handler, fixture(fixture, "$where"));

        assertThat(answer.get("statusCode").asInt()).isEqualTo(400);
        JsonNode body = JSON.readTree(answer.get("body").asString());
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("error").asString()).contains("may contain only");
    }

    @ForEachPayloadVersion
    void mongoDownIs503WithinSeconds(String fixture) {
        stack.mongo().stop();
        long start = System.nanoTime();
        JsonNode answer = invoke(handler, fixture(fixture, "ly-not-cached"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answer.get("statusCode").asInt()).isEqualTo(503);
        assertThat(JSON.readTree(answer.get("body").asString()).get("error").asString())
            .contains("MongoDB is unreachable");
        assertThat(took).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aDirectInvocationWithAPlainEventWorks() {
        JsonNode answer = invoke(handler, "{\"name\": \"ly1\"}");

        assertThat(answer.get("statusCode").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(answer.get("body").asString()).get("name").asString()).isEqualTo("ly1");
        assertThat(invoke(handler, "{\"name\": 42}").get("statusCode").asInt()).isEqualTo(400);
        assertThat(invoke(handler, "{\"other\": \"x\"}").get("statusCode").asInt()).isEqualTo(400);
        assertThat(invoke(handler, "[1, 2]").get("statusCode").asInt()).isEqualTo(400);
    }

}
