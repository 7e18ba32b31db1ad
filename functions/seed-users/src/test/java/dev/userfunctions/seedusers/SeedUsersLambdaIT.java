package dev.userfunctions.seedusers;

import dev.userfunctions.seedusers.lambda.SeedUsersHandler;
import dev.userfunctions.aws.EmfDocuments;
import dev.userfunctions.aws.ForEachPayloadVersion;
import dev.userfunctions.aws.LambdaFunctionTestSupport;
import dev.userfunctions.aws.StandardOutput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.userfunctions.aws.LambdaInvocations.JSON;
import static dev.userfunctions.aws.LambdaInvocations.fixtureWithBody;
import static dev.userfunctions.aws.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * seedUsers through its Lambda handler, in process, on API Gateway event fixtures.
 */
class SeedUsersLambdaIT extends LambdaFunctionTestSupport {

    @BeforeAll
    static void start() {
        startHandler(SeedUsersHandler::new);
    }

    private long userCount() {
        return users().countDocuments();
    }

    @ForEachPayloadVersion
    void seedsFromTheBodyAndAgainCreatesNothing(String fixture) {
        JsonNode first = invoke(handler, fixtureWithBody(fixture, "{\"count\": 50, \"prefix\": \"lam\"}"));
        JsonNode second = invoke(handler, fixtureWithBody(fixture, "{\"count\": 50, \"prefix\": \"lam\"}"));

        assertThat(first.get("statusCode").asInt()).isEqualTo(200);
        assertThat(Set.copyOf(first.get("headers").propertyNames())).containsExactly("Content-Type");
        JsonNode firstBody = JSON.readTree(first.get("body").asString());
        assertThat(firstBody.get("inserted").asLong()).isEqualTo(50);
        assertThat(firstBody.get("invalidated").asLong()).isEqualTo(51);
        assertThat(JSON.readTree(second.get("body").asString()).get("matched").asLong()).isEqualTo(50);
        assertThat(userCount()).isEqualTo(50);
    }

    @Test
    void theSeedsSizeIsAMetric() {
        List<JsonNode> documents = StandardOutput
            .linesOf(() -> invoke(handler, fixtureWithBody("rest-api-v1.json", "{\"count\": 1500}")))
            .stream()
            .map(JSON::readTree)
            .filter(EmfDocuments::isEmf)
            .toList();

        documents.forEach(document -> EmfDocuments.assertValid(document, "UserFunctions"));
        assertThat(EmfDocuments.sum(documents, "SeededUsers", Map.of("function", "seedUsers"))).isEqualTo(1500);
        assertThat(EmfDocuments.sum(documents, "InvalidationFailures", Map.of())).isZero();
    }

    @ForEachPayloadVersion
    void badBodiesAre400AndWriteNothing(String fixture) {
        for (String body : new String[] { "not json", "[1]", "{\"count\": \"5\"}", "{\"count\": 1e400}",
                "{\"prefix\": {\"$ne\": 1}}" }) {
            JsonNode answer = invoke(handler, fixtureWithBody(fixture, body));
            assertThat(answer.get("statusCode").asInt()).as(body).isEqualTo(400);
            assertThat(JSON.readTree(answer.get("body").asString()).get("status").asInt()).isEqualTo(400);
        }
        assertThat(userCount()).isZero();
    }

    @Test
    void aBase64BodyIsDecoded() {
        String event = fixtureWithBody("rest-api-v1.json",
                java.util.Base64.getEncoder().encodeToString("{\"count\": 3}".getBytes()))
            .replace("\"isBase64Encoded\" : false", "\"isBase64Encoded\" : true")
            .replace("\"isBase64Encoded\": false", "\"isBase64Encoded\": true");
        JsonNode answer = invoke(handler, event);

        assertThat(answer.get("statusCode").asInt()).isEqualTo(200);
        assertThat(userCount()).isEqualTo(3);
    }

    @Test
    void aDirectInvocationTakesTheRequestItself() {
        JsonNode answer = invoke(handler, "{\"count\": 7, \"prefix\": \"direct\"}");

        assertThat(answer.get("statusCode").asInt()).isEqualTo(200);
        assertThat(userCount()).isEqualTo(7);
    }

    @Test
    void mongoDownIs503() {
        stack.mongo().stop();
        JsonNode answer = invoke(handler, fixtureWithBody("rest-api-v1.json", "{\"count\": 5}"));

        assertThat(answer.get("statusCode").asInt()).isEqualTo(503);
    }

}
