package dev.userfunctions.getuser;

import org.bson.Document;
import dev.userfunctions.aws.ForEachPayloadVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.userfunctions.aws.edge.UnsupportedEventException;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Set;

import static dev.userfunctions.aws.LambdaInvocations.JSON;
import static dev.userfunctions.aws.LambdaInvocations.fixture;
import static dev.userfunctions.aws.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * getUser through its Lambda handler, in process, on API Gateway event fixtures.
 */
class GetUserLambdaIT extends GetUserHandlerSupport {

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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "http-api-default.json", "function-url.json", "alb.json", "alb-multi-value.json" })
    void everyOtherEdgeUsersDeployAnswersWithXCache(String fixture) {
        JsonNode first = invoke(handler, fixture(fixture, "ly1"));
        JsonNode second = invoke(handler, fixture(fixture, "ly1"));

        assertThat(first.get("statusCode").asInt()).isEqualTo(200);
        assertThat(xCache(first)).isEqualTo("MISS");
        assertThat(xCache(second)).isEqualTo("HIT");
        assertThat(JSON.readTree(second.get("body").asString()).get("name").asString()).isEqualTo("ly1");
    }

    /** An ALB with multi-value headers on reads only {@code multiValueHeaders}. */
    private static String xCache(JsonNode answer) {
        return answer.has("multiValueHeaders") && answer.get("multiValueHeaders").isObject()
                ? answer.get("multiValueHeaders").get("X-Cache").get(0).asString()
                : answer.get("headers").get("X-Cache").asString();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "rest-api-v1.json", "function-url.json", "alb.json" })
    void namesWithASpaceOrAnAccentArriveEncodedAndAreDecodedOnce(String fixture) {
        users().insertOne(new Document("name", "Zoë 1").append("age", 41));

        JsonNode answer = invoke(handler, fixture(fixture, "Zo%C3%AB%201"));

        assertThat(answer.get("statusCode").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(answer.get("body").asString()).get("name").asString()).isEqualTo("Zoë 1");
    }

    @Test
    void anHttpApiHandsNamesOverDecoded() {
        users().insertOne(new Document("name", "Zoë 1").append("age", 41));

        JsonNode answer = invoke(handler, fixture("http-api-v2.json", "Zoë 1"));

        assertThat(answer.get("statusCode").asInt()).isEqualTo(200);
    }

    @Test
    void anSqsEventFailsTheInvocationAndReadsNothing() {
        String sqs = """
                {"Records": [{"messageId": "19dd0b57-b21e-4ac1-bd88-01bbb068cb78", "body": "ly1",
                  "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:users",
                  "awsRegion": "eu-west-1"}]}""";

        assertThatExceptionOfType(UnsupportedEventException.class).isThrownBy(() -> invoke(handler, sqs))
            .withMessageContaining("SQS message batch");
        assertThat(invoke(handler, fixture("rest-api-v1.json", "ly1")).get("headers").get("X-Cache").asString())
            .as("the refused event read nothing through the cache")
            .isEqualTo("MISS");
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
