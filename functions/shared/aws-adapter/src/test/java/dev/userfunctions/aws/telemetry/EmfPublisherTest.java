package dev.userfunctions.aws.telemetry;

import dev.userfunctions.aws.EmfDocuments;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.userfunctions.aws.LambdaInvocations.JSON;
import static org.assertj.core.api.Assertions.assertThat;

class EmfPublisherTest {

    private final InvocationMeterRegistry registry = new InvocationMeterRegistry();

    private final EmfPublisher publisher = new EmfPublisher(registry, JSON, "Test/Namespace", "getUser");

    @Test
    void writesEachInvocationsIncreaseOnlyAndNothingWhenNothingChanged() {
        registry.counter("cache.gets", "cache", "users", "result", "hit").increment(3);
        assertThat(EmfDocuments.sum(documents(), "CacheGets", Map.of("outcome", "HIT"))).isEqualTo(3);

        assertThat(documents()).isEmpty();

        registry.counter("cache.gets", "cache", "users", "result", "hit").increment();
        registry.counter("cache.gets", "cache", "users", "result", "miss").increment();
        List<JsonNode> second = documents();
        assertThat(second).hasSize(2);
        assertThat(EmfDocuments.sum(second, "CacheGets", Map.of("function", "getUser", "outcome", "HIT"))).isEqualTo(1);
        assertThat(EmfDocuments.sum(second, "CacheGets", Map.of("function", "getUser", "outcome", "MISS")))
            .isEqualTo(1);
    }

    @Test
    void timersGiveTheirSamplesAndCountersOfOneMetricAreSummed() {
        Timer load = registry.timer("cache.load", "cache", "users");
        load.record(Duration.ofMillis(12));
        load.record(Duration.ofMillis(30));
        registry.counter("cache.errors", "cache", "users", "operation", "get").increment();
        registry.counter("cache.errors", "cache", "users", "operation", "set").increment(2);

        JsonNode document = documents().get(0);

        assertThat(document.get("MongoDbLoadTime").valueStream().map(JsonNode::asDouble)).containsExactly(12.0, 30.0);
        assertThat(document.get("RedisErrors").asDouble()).isEqualTo(3);
        assertThat(document.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").get(0).get(0).asString())
            .isEqualTo("function");
        assertThat(document.has("operation")).isFalse();
    }

    @Test
    void breakerTransitionsArePerNodeAndStateAndOnlyFailedInvalidationsCount() {
        registry.counter("cache.breaker.transitions", "cache", "users", "node", "10.0.0.7:6379", "state", "OPEN")
            .increment();
        registry.counter("cache.invalidations", "cache", "users", "result", "deleted").increment(1000);
        registry.counter("cache.invalidations", "cache", "users", "result", "failed").increment(4);
        registry.counter("unrelated.meter").increment();

        List<JsonNode> documents = documents();

        assertThat(EmfDocuments.sum(documents, "BreakerTransitions",
                Map.of("function", "getUser", "node", "10.0.0.7:6379", "state", "OPEN")))
            .isEqualTo(1);
        assertThat(EmfDocuments.sum(documents, "InvalidationFailures", Map.of("function", "getUser"))).isEqualTo(4);
        assertThat(documents).noneMatch(document -> document.toString().contains("unrelated"));
    }

    @Test
    void dimensionValuesAreJsonEscaped() {
        registry.counter("cache.breaker.transitions", "node", "odd\"host\\name\n:1", "state", "OPEN").increment();

        JsonNode document = documents().get(0);

        assertThat(document.get("node").asString()).isEqualTo("odd\"host\\name\n:1");
    }

    @Test
    void metersRegisteredBeforeThePublisherArePublishedToo() {
        InvocationMeterRegistry early = new InvocationMeterRegistry();
        early.counter("cache.gets", "result", "bypass").increment(2);

        EmfPublisher late = new EmfPublisher(early, JSON, "Test/Namespace", "countUsers");

        JsonNode document = JSON
            .readTree(late.lines(null, System.currentTimeMillis()).lines().findFirst().orElseThrow());
        assertThat(document.get("CacheGets").asDouble()).isEqualTo(2);
        assertThat(document.get("outcome").asString()).isEqualTo("BYPASS");
    }

    @Test
    void theRequestIdIsAPropertyNotADimension() {
        registry.counter("users.upserted", "result", "inserted").increment(1000);

        JsonNode document = JSON
            .readTree(publisher.lines("req-1", System.currentTimeMillis()).lines().findFirst().orElseThrow());

        assertThat(document.get("requestId").asString()).isEqualTo("req-1");
        assertThat(document.get("SeededUsers").asDouble()).isEqualTo(1000);
        assertThat(document.get("_aws").toString()).doesNotContain("requestId");
    }

    private List<JsonNode> documents() {
        String lines = publisher.lines(null, System.currentTimeMillis());
        assertThat(lines).satisfiesAnyOf(text -> assertThat(text).isEmpty(), text -> assertThat(text).endsWith("\n"));
        List<JsonNode> documents = lines.lines().map(JSON::readTree).toList();
        documents.forEach(document -> EmfDocuments.assertValid(document, "Test/Namespace"));
        return documents;
    }

}
