package dev.userfunctions.aws.telemetry;

import dev.userfunctions.answers.Answer;
import dev.userfunctions.aws.EmfDocuments;
import dev.userfunctions.aws.LambdaInvocations.FakeContext;
import dev.userfunctions.aws.StandardOutput;
import dev.userfunctions.cache.CacheOutcome;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static dev.userfunctions.aws.LambdaInvocations.JSON;
import static org.assertj.core.api.Assertions.assertThat;

class InvocationTelemetryTest {

    private final EmfMetrics metrics = new EmfMetrics(JSON, "Test");

    private final InvocationTelemetry telemetry = new InvocationTelemetry(metrics, "getUser");

    /** An invocation that reads the cache once and answers {@code status}. */
    private Answer invoke(int status, FakeContext context) {
        return telemetry.observe(context, () -> {
            metrics.outcome(CacheOutcome.HIT);
            return status == 200 ? Answer.ok("ok") : Answer.error(status, "failed");
        }, Answer::status);
    }

    @Test
    void whatTheInitPhaseDidIsNotWrittenWithTheFirstInvocation() {
        metrics.outcome(CacheOutcome.MISS);
        FakeContext context = new FakeContext();

        List<JsonNode> documents = documentsOf(() -> invoke(200, context));

        assertThat(EmfDocuments.sum(documents, "CacheGets", Map.of("outcome", "HIT"))).isEqualTo(1);
        assertThat(EmfDocuments.sum(documents, "CacheGets", Map.of("outcome", "MISS"))).isZero();
        assertThat(documents).allSatisfy(
                document -> assertThat(document.get("requestId").asString()).isEqualTo(context.getAwsRequestId()));
    }

    @Test
    void fiveHundredsAreCountedByStatus() {
        List<JsonNode> documents = documentsOf(() -> {
            invoke(503, new FakeContext());
            invoke(503, new FakeContext());
            invoke(200, new FakeContext());
        });

        assertThat(EmfDocuments.sum(documents, "MongoDbUnavailable", Map.of("function", "getUser"))).isEqualTo(2);
        assertThat(EmfDocuments.sum(documents, "CacheGets", Map.of())).isEqualTo(3);
    }

    private static List<JsonNode> documentsOf(Runnable invocations) {
        List<JsonNode> documents = StandardOutput.linesOf(invocations).stream().map(JSON::readTree).toList();
        documents.forEach(document -> EmfDocuments.assertValid(document, "Test"));
        return documents;
    }

}
