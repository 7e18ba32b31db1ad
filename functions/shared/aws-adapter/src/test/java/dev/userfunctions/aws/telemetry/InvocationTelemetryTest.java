package dev.userfunctions.aws.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.userfunctions.aws.EmfDocuments;
import dev.userfunctions.aws.LambdaInvocations.FakeContext;
import dev.userfunctions.aws.StandardOutput;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.userfunctions.aws.LambdaInvocations.JSON;
import static org.assertj.core.api.Assertions.assertThat;

class InvocationTelemetryTest {

    private final InvocationMeterRegistry registry = new InvocationMeterRegistry();

    private final InvocationTelemetry telemetry = new InvocationTelemetry(registry, JSON, "Test");

    private final Function<Message<byte[]>, APIGatewayProxyResponseEvent> handler = telemetry.observe("getUser",
            request -> {
                registry.counter("cache.gets", "result", "hit").increment();
                int status = new String(request.getPayload()).equals("fail") ? 503 : 200;
                return new APIGatewayProxyResponseEvent().withStatusCode(status);
            });

    @Test
    void whatTheInitPhaseDidIsNotWrittenWithTheFirstInvocation() {
        registry.counter("cache.gets", "result", "miss").increment();
        FakeContext context = new FakeContext();

        List<JsonNode> documents = documentsOf(() -> handler.apply(request("ok", context)));

        assertThat(EmfDocuments.sum(documents, "CacheGets", Map.of("outcome", "HIT"))).isEqualTo(1);
        assertThat(EmfDocuments.sum(documents, "CacheGets", Map.of("outcome", "MISS"))).isZero();
        assertThat(documents).allSatisfy(
                document -> assertThat(document.get("requestId").asString()).isEqualTo(context.getAwsRequestId()));
    }

    @Test
    void fiveHundredsAreCountedByStatus() {
        List<JsonNode> documents = documentsOf(() -> {
            handler.apply(request("fail", new FakeContext()));
            handler.apply(request("fail", new FakeContext()));
            handler.apply(request("ok", new FakeContext()));
        });

        assertThat(EmfDocuments.sum(documents, "MongoDbUnavailable", Map.of("function", "getUser"))).isEqualTo(2);
        assertThat(EmfDocuments.sum(documents, "CacheGets", Map.of())).isEqualTo(3);
    }

    private static Message<byte[]> request(String payload, FakeContext context) {
        return MessageBuilder.withPayload(payload.getBytes()).setHeader(AWSLambdaUtils.AWS_CONTEXT, context).build();
    }

    private static List<JsonNode> documentsOf(Runnable invocations) {
        List<JsonNode> documents = StandardOutput.linesOf(invocations).stream().map(JSON::readTree).toList();
        documents.forEach(document -> EmfDocuments.assertValid(document, "Test"));
        return documents;
    }

}
