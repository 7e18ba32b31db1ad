package dev.userfunctions.aws.telemetry;

import dev.userfunctions.aws.EmfDocuments;
import dev.userfunctions.cache.CacheOutcome;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.userfunctions.aws.LambdaInvocations.JSON;
import static org.assertj.core.api.Assertions.assertThat;

class EmfMetricsTest {

    private final EmfMetrics metrics = new EmfMetrics(JSON, "Test/Namespace");

    @Test
    void writesEachInvocationsEventsOnlyAndNothingWhenNothingHappened() {
        metrics.outcome(CacheOutcome.HIT);
        metrics.outcome(CacheOutcome.HIT);
        metrics.outcome(CacheOutcome.HIT);
        assertThat(EmfDocuments.sum(documents(), "CacheGets", Map.of("outcome", "HIT"))).isEqualTo(3);

        assertThat(documents()).isEmpty();

        metrics.outcome(CacheOutcome.HIT);
        metrics.outcome(CacheOutcome.MISS);
        List<JsonNode> second = documents();
        assertThat(second).hasSize(2);
        assertThat(EmfDocuments.sum(second, "CacheGets", Map.of("function", "getUser", "outcome", "HIT"))).isEqualTo(1);
        assertThat(EmfDocuments.sum(second, "CacheGets", Map.of("function", "getUser", "outcome", "MISS")))
            .isEqualTo(1);
    }

    @Test
    void loadsGiveOneValueEachAndRedisErrorsOfEveryKindAreSummed() {
        metrics.loaded(Duration.ofMillis(12).toNanos());
        metrics.loaded(Duration.ofMillis(30).toNanos());
        metrics.getFailed();
        metrics.setFailed();
        metrics.setFailed();

        JsonNode document = documents().get(0);

        assertThat(document.get("MongoDbLoadTime").valueStream().map(JsonNode::asDouble)).containsExactly(12.0, 30.0);
        assertThat(document.get("RedisErrors").asDouble()).isEqualTo(3);
        assertThat(document.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").get(0).get(0).asString())
            .isEqualTo("function");
        assertThat(document.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").get(0)).hasSize(1);
    }

    @Test
    void aDocumentHoldsNoMoreValuesOfAMetricThanEmfAllows() {
        for (int i = 0; i < EmfMetrics.MAX_VALUES + 5; i++) {
            metrics.loaded(Duration.ofMillis(3).toNanos());
        }

        JsonNode document = documents().get(0);

        assertThat(document.get("MongoDbLoadTime")).hasSize(EmfMetrics.MAX_VALUES);
        assertThat(document.get("MongoDbLoadTime").get(0).isIntegralNumber()).isTrue();
    }

    @Test
    void breakerTransitionsArePerNodeAndStateAndOnlyFailedInvalidationsCount() {
        metrics.breakerTransitioned("10.0.0.7:6379", "OPEN");
        metrics.invalidated(1000, 0);
        metrics.invalidated(996, 4);
        metrics.writtenBack(true);
        metrics.leaseWaited(false);

        List<JsonNode> documents = documents();

        assertThat(EmfDocuments.sum(documents, "BreakerTransitions",
                Map.of("function", "getUser", "node", "10.0.0.7:6379", "state", "OPEN")))
            .isEqualTo(1);
        assertThat(EmfDocuments.sum(documents, "InvalidationFailures", Map.of("function", "getUser"))).isEqualTo(4);
        assertThat(EmfDocuments.sum(documents, "RedisErrors", Map.of("function", "getUser"))).isEqualTo(1);
        assertThat(documents).hasSize(2);
    }

    @Test
    void dimensionValuesAreJsonEscaped() {
        metrics.breakerTransitioned("odd\"host\\name\n:1", "OPEN");

        JsonNode document = documents().get(0);

        assertThat(document.get("node").asString()).isEqualTo("odd\"host\\name\n:1");
    }

    @Test
    void whatHappenedBeforeTheFirstInvocationCanBeDiscardedAndFiveHundredsAreCountedByStatus() {
        metrics.outcome(CacheOutcome.BYPASS);
        metrics.discardPending();
        metrics.answered(503);
        metrics.answered(500);
        metrics.answered(404);
        metrics.answered(200);

        List<JsonNode> documents = documents();

        assertThat(EmfDocuments.sum(documents, "CacheGets", Map.of())).isZero();
        assertThat(EmfDocuments.sum(documents, "MongoDbUnavailable", Map.of())).isEqualTo(1);
        assertThat(EmfDocuments.sum(documents, "InternalErrors", Map.of())).isEqualTo(1);
    }

    @Test
    void theRequestIdIsAPropertyNotADimensionAndNothingIsWrittenForNothing() {
        metrics.upserted(1000, 0);
        metrics.upserted(0, 0);
        metrics.invalidated(5, 0);

        JsonNode document = JSON.readTree(
                metrics.lines("seedUsers", "req-1", System.currentTimeMillis()).lines().findFirst().orElseThrow());

        assertThat(document.get("requestId").asString()).isEqualTo("req-1");
        assertThat(document.get("SeededUsers").asDouble()).isEqualTo(1000);
        assertThat(document.get("function").asString()).isEqualTo("seedUsers");
        assertThat(document.get("_aws").toString()).doesNotContain("requestId");
        assertThat(documents()).isEmpty();
    }

    @Test
    void theMetricNamesAreTheOnesTheAlarmsAndTheReadmeName() {
        assertThat(EmfMetrics.metricNames()).containsExactlyInAnyOrder("CacheGets", "MongoDbLoadTime", "RedisErrors",
                "InvalidationFailures", "BreakerTransitions", "SeededUsers", "MongoDbUnavailable", "InternalErrors");
    }

    private List<JsonNode> documents() {
        String lines = metrics.lines("getUser", null, System.currentTimeMillis());
        assertThat(lines).satisfiesAnyOf(text -> assertThat(text).isEmpty(), text -> assertThat(text).endsWith("\n"));
        List<JsonNode> documents = lines.lines().map(JSON::readTree).toList();
        documents.forEach(document -> EmfDocuments.assertValid(document, "Test/Namespace"));
        return documents;
    }

}
