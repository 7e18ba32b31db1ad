package dev.userfunctions.getuser;

import dev.userfunctions.aws.LambdaInvocations.FakeContext;
import dev.userfunctions.aws.StandardOutput;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.userfunctions.aws.EmfDocuments.assertValid;
import static dev.userfunctions.aws.EmfDocuments.isEmf;
import static dev.userfunctions.aws.EmfDocuments.samples;
import static dev.userfunctions.aws.EmfDocuments.sum;
import static dev.userfunctions.aws.LambdaInvocations.JSON;
import static dev.userfunctions.aws.LambdaInvocations.fixture;
import static dev.userfunctions.aws.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What getUser writes to standard output through its Lambda handler: JSON log lines and
 * EMF documents, each with the invocation's request id, and metrics that count what the
 * invocations did.
 */
class GetUserTelemetryIT extends GetUserHandlerSupport {

    private static final String NAMESPACE = "UserFunctions";

    @Test
    void oneMissThenNineHitsAreCountedPerOutcome() {
        users().insertOne(new Document("name", "ly1").append("age", 1));
        List<String> requestIds = new ArrayList<>();

        List<JsonNode> lines = jsonLines(StandardOutput.linesOf(() -> {
            for (int i = 0; i < 10; i++) {
                FakeContext context = new FakeContext();
                requestIds.add(context.getAwsRequestId());
                assertThat(invoke(handler, fixture("rest-api-v1.json", "ly1"), context).get("statusCode").asInt())
                    .isEqualTo(200);
            }
        }));

        List<JsonNode> documents = lines.stream().filter(line -> isEmf(line)).toList();
        documents.forEach(document -> assertValid(document, NAMESPACE));
        assertThat(sum(documents, "CacheGets", Map.of("function", "getUser", "outcome", "MISS"))).isEqualTo(1);
        assertThat(sum(documents, "CacheGets", Map.of("function", "getUser", "outcome", "HIT"))).isEqualTo(9);
        assertThat(sum(documents, "CacheGets", Map.of("outcome", "BYPASS"))).isZero();
        assertThat(samples(documents, "MongoDbLoadTime")).isEqualTo(1);
        assertThat(documents).filteredOn(document -> document.has("MongoDbLoadTime"))
            .singleElement()
            .satisfies(document -> assertThat(document.get("requestId").asString()).isEqualTo(requestIds.get(0)));
        assertThat(ofThisThread(lines))
            .allSatisfy(line -> assertThat(requestIds).contains(line.path("requestId").asString("")));
    }

    @Test
    void aMongoDbOutageIsLoggedAsJsonWithTheRequestIdAndCounted() {
        stack.mongo().stop();
        FakeContext context = new FakeContext();

        List<JsonNode> lines = jsonLines(StandardOutput.linesOf(() -> assertThat(
                invoke(handler, fixture("http-api-v2.json", "ly-uncached"), context).get("statusCode").asInt())
            .isEqualTo(503)));

        assertThat(ofThisThread(lines))
            .allSatisfy(line -> assertThat(line.path("requestId").asString("")).isEqualTo(context.getAwsRequestId()));
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.path("log").path("level").asString("")).isEqualTo("WARN");
            assertThat(line.path("message").asString("")).contains("MongoDB");
        });
        List<JsonNode> documents = lines.stream().filter(line -> isEmf(line)).toList();
        documents.forEach(document -> assertValid(document, NAMESPACE));
        assertThat(sum(documents, "MongoDbUnavailable", Map.of("function", "getUser"))).isEqualTo(1);
    }

    /**
     * The lines the invocations wrote: their log lines (logged on the invoking thread)
     * and the metric lines. Other threads (Lettuce's, for example) log outside any
     * invocation.
     */
    static List<JsonNode> ofThisThread(List<JsonNode> lines) {
        String thread = Thread.currentThread().getName();
        return lines.stream()
            .filter(line -> !line.has("log")
                    || thread.equals(line.path("process").path("thread").path("name").asString("")))
            .toList();
    }

    /** Every line is one JSON object. */
    static List<JsonNode> jsonLines(List<String> lines) {
        assertThat(lines).isNotEmpty();
        return lines.stream().map(line -> {
            JsonNode parsed = JSON.readTree(line);
            assertThat(parsed.isObject()).as("a JSON object: %s", line).isTrue();
            return parsed;
        }).toList();
    }

}
