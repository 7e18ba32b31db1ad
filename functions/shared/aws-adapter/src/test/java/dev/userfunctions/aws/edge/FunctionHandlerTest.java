package dev.userfunctions.aws.edge;

import dev.userfunctions.answers.Answer;
import dev.userfunctions.aws.telemetry.InvocationTelemetry;
import dev.userfunctions.cache.CacheOutcome;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One function behind every edge: the answer rendered in the shape its edge reads, and
 * what is a 4xx answer against what fails the invocation.
 */
class FunctionHandlerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Echoes the name it was given, as a cache hit, to a POST (the method of the requests
     * captured from live AWS).
     */
    private final FunctionHandler handler = new FunctionHandler(
            Route.post(
                    request -> Answer.ok(Map.of("name", request.pathParameter("name", "/capture")), CacheOutcome.HIT)),
            JSON, new InvocationTelemetry(null, "echo"));

    private JsonNode handle(byte[] event) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handle(new ByteArrayInputStream(event), output, null);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return JSON.readTree(output.toByteArray());
    }

    @Test
    void apiGatewayAndFunctionUrlAnswersKeepTheProxyResponseShape() {
        for (String file : List.of("voker-apigwv1-request.json", "voker-apigwv2-request.json",
                "voker-functionurl-request.json")) {
            JsonNode answer = handle(AwsEvents.bytes(file));

            assertThat(answer.propertyNames()).as(file)
                .containsExactly("body", "headers", "isBase64Encoded", "multiValueHeaders", "statusCode");
            assertThat(answer.get("statusCode").asInt()).isEqualTo(200);
            assertThat(answer.get("headers").propertyNames()).containsExactly("Content-Type", "X-Cache");
            assertThat(JSON.readTree(answer.get("body").asString()).get("name").asString()).isEqualTo("space value");
        }
    }

    @Test
    void anAlbAnswerCarriesAStatusDescriptionAndMultiValueHeadersExactlyWhenTheEventDid() {
        JsonNode multiValue = handle(AwsEvents.bytes("voker-alb-request.json"));

        assertThat(multiValue.propertyNames()).containsExactly("statusCode", "statusDescription", "isBase64Encoded",
                "multiValueHeaders", "body");
        assertThat(multiValue.get("statusDescription").asString()).isEqualTo("200 OK");
        assertThat(multiValue.get("multiValueHeaders").get("X-Cache").get(0).asString()).isEqualTo("HIT");
        assertThat(JSON.readTree(multiValue.get("body").asString()).get("name").asString()).isEqualTo("space value");

        String singleValue = new String(AwsEvents.bytes("golang-alb-lambda-target-request-headers-only.json"))
            .replace("\"path\": \"/\"", "\"path\": \"/capture/ly1\"")
            .replace("\"GET\"", "\"POST\"");
        JsonNode single = handle(singleValue.getBytes());
        assertThat(single.propertyNames()).containsExactly("statusCode", "statusDescription", "isBase64Encoded",
                "headers", "body");
        assertThat(single.get("headers").get("X-Cache").asString()).isEqualTo("HIT");
    }

    @Test
    void anAlbHealthCheckIsTold200() {
        JsonNode answer = handle(AwsEvents.bytes("elbdocs-lambda-functions-healthcheck.json"));

        assertThat(answer.get("statusCode").asInt()).isEqualTo(200);
        assertThat(answer.get("statusDescription").asString()).isEqualTo("200 OK");
    }

    @Test
    void anotherMethodIs405NamingTheRightOne() {
        JsonNode answer = handle(AwsEvents.bytes("golang-function-url-domain-only-get-request.json"));

        assertThat(answer.get("statusCode").asInt()).isEqualTo(405);
        assertThat(answer.get("headers").get("Allow").asString()).isEqualTo("POST");
        assertThat(answer.get("headers").has("X-Cache")).isFalse();
    }

    @Test
    void badInputIsA400AnswerAndAnotherServicesEventFailsTheInvocation() {
        JsonNode notJson = handle("not json".getBytes());
        assertThat(notJson.get("statusCode").asInt()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.get("body").asString()).get("error").asString())
            .startsWith("Event is not JSON");

        assertThatExceptionOfType(UnsupportedEventException.class)
            .isThrownBy(() -> handle(AwsEvents.bytes("samcli-Sqs.json")))
            .withMessageContaining("SQS");
    }

    @Test
    void aFunctionThatFailsIsA500ThatLeaksNothing() {
        FunctionHandler failing = new FunctionHandler(Route.get(request -> {
            throw new IllegalStateException("secret internals");
        }), JSON, new InvocationTelemetry(null, "failing"));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            failing.handle(new ByteArrayInputStream("{}".getBytes()), output, null);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        assertThat(output.toString()).contains("\"statusCode\":500").doesNotContain("secret");
    }

}
