package dev.userfunctions.countusers;

import dev.userfunctions.countusers.lambda.CountUsersHandler;
import org.bson.Document;
import dev.userfunctions.aws.ForEachPayloadVersion;
import dev.userfunctions.aws.LambdaFunctionTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Set;
import java.util.stream.IntStream;

import static dev.userfunctions.aws.LambdaInvocations.JSON;
import static dev.userfunctions.aws.LambdaInvocations.fixture;
import static dev.userfunctions.aws.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * countUsers through its Lambda handler, in process, on API Gateway event fixtures.
 */
class CountUsersLambdaIT extends LambdaFunctionTestSupport {

    @BeforeAll
    static void start() {
        startHandler(CountUsersHandler::new);
    }

    @BeforeEach
    void seed() {
        users()
            .insertMany(IntStream.range(0, 12).mapToObj(i -> new Document("name", "ly" + i).append("age", i)).toList());
    }

    @ForEachPayloadVersion
    void countsAndCaches(String fixture) {
        JsonNode first = invoke(handler, fixture(fixture, ""));
        JsonNode second = invoke(handler, fixture(fixture, ""));

        assertThat(first.get("statusCode").asInt()).isEqualTo(200);
        assertThat(Set.copyOf(first.get("headers").propertyNames())).containsExactlyInAnyOrder("Content-Type",
                "X-Cache");
        JsonNode body = JSON.readTree(first.get("body").asString());
        assertThat(body.get("total").asLong()).isEqualTo(12);
        assertThat(body.get("shards").isNull()).isTrue();
        assertThat(first.get("headers").get("X-Cache").asString()).isEqualTo("MISS");
        assertThat(second.get("headers").get("X-Cache").asString()).isEqualTo("HIT");
    }

    @Test
    void aDirectInvocationWithAnyEventWorks() {
        assertThat(invoke(handler, "{}").get("statusCode").asInt()).isEqualTo(200);
    }

    @Test
    void mongoDownIs503() {
        stack.mongo().stop();
        JsonNode answer = invoke(handler, fixture("rest-api-v1.json", ""));

        assertThat(answer.get("statusCode").asInt()).isEqualTo(503);
        assertThat(answer.get("headers").get("X-Cache").asString()).isIn("MISS", "BYPASS");
    }

}
