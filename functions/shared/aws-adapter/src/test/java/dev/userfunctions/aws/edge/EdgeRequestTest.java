package dev.userfunctions.aws.edge;

import dev.userfunctions.answers.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Reading events of AWS's own shapes: which edge, which input, which refusal. */
class EdgeRequestTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static EdgeRequest read(String file) {
        return EdgeRequest.read(AwsEvents.bytes(file), JSON);
    }

    private static EdgeRequest readText(String event) {
        return EdgeRequest.read(event.getBytes(StandardCharsets.UTF_8), JSON);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvFileSource(resources = "/aws-events/http-edges.csv", numLinesToSkip = 1)
    void eachHttpEventIsReadAsTheEdgeItCameThrough(String file, Edge edge) {
        assertThat(read(file).edge()).isEqualTo(edge);
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/aws-events/other-services.csv", numLinesToSkip = 1)
    void eventsOfOtherServicesAreRefusedNamingWhatArrived(String file, String kind) {
        assertThatExceptionOfType(UnsupportedEventException.class).isThrownBy(() -> read(file))
            .withMessageContaining(kind)
            .withMessageContaining("Check the trigger");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"eventSource\": \"aws:kafka\", \"eventSourceArn\": \"arn:aws:kafka:eu-west-1:123456789012:cluster/c/1\", \"records\": {}} | MSK (Kafka) batch",
            "{\"eventSource\": \"SelfManagedKafka\", \"bootstrapServers\": \"b-1:9092\", \"records\": {}} | Kafka batch",
            "{\"eventSource\": \"aws:mq\", \"eventSourceArn\": \"arn:aws:mq:eu-west-1:123456789012:broker:b\", \"messages\": []} | Amazon MQ batch",
            "{\"eventSource\": \"aws:rmq\", \"rmqMessagesByQueue\": {}} | Amazon MQ (RabbitMQ) batch",
            "{\"eventSource\": \"aws:docdb\", \"events\": []} | DocumentDB change stream batch" })
    void batchesWithATopLevelEventSourceAreRefusedToo(String event, String kind) {
        assertThatExceptionOfType(UnsupportedEventException.class).isThrownBy(() -> readText(event))
            .withMessageContaining(kind);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "voker-apigwv1-request.json", "voker-apigwv2-request.json", "voker-functionurl-request.json",
            "voker-alb-request.json" })
    void aPathCapturedFromLiveAwsIsDecodedExactlyOnceWhateverTheEdge(String file) {
        // The same request, /capture/space%20value, as each edge handed it over.
        assertThat(read(file).pathParameter("name", "/capture")).isEqualTo("space value");
    }

    @Test
    void aRestApiPathParameterIsPercentDecodedOnceAsRfc3986Says() {
        assertThat(restApiName("Zo%C3%AB1")).isEqualTo("Zoë1");
        assertThat(restApiName("a+b%2Bc")).isEqualTo("a+b+c");
        assertThat(restApiName("100%2525")).isEqualTo("100%25");
        assertThatExceptionOfType(BadEventException.class).isThrownBy(() -> restApiName("ly%zz"))
            .withMessageContaining("malformed percent-escape");
        assertThatExceptionOfType(BadEventException.class).isThrownBy(() -> restApiName("ly%C3"))
            .withMessageContaining("not percent-encoded UTF-8");
    }

    @Test
    void percentDecodingTakesOnlyAsciiHexDigitsAndWholeCharacters() {
        for (String malformed : List.of("ly%\u0663\u0663", "ly%\uFF11\uFF11", "ly%4", "ly%")) {
            assertThatExceptionOfType(BadEventException.class).isThrownBy(() -> restApiName(malformed))
                .as(malformed)
                .withMessageContaining("malformed percent-escape");
        }
        assertThatExceptionOfType(BadEventException.class).isThrownBy(() -> restApiName("ly\\ud800%41"))
            .withMessageContaining("lone UTF-16 surrogate");
    }

    /** The name a REST API event with this path parameter, as it arrives, asks for. */
    private static String restApiName(String asItArrives) {
        String event = """
                {"httpMethod": "GET", "requestContext": {}, "pathParameters": {"name": "%s"}}""";
        return readText(event.formatted(asItArrives)).pathParameter("name", "/users");
    }

    @Test
    void anHttpApiWithPayload1Point0HandsItsValuesOverDecoded() {
        String event = """
                {"version": "1.0", "httpMethod": "GET", "path": "/users/100%25", "requestContext": {},
                 "pathParameters": {"name": "100%25"}}""";

        assertThat(readText(event).edge()).isEqualTo(Edge.HTTP_API);
        assertThat(readText(event).method()).contains("GET");
        assertThat(readText(event).pathParameter("name", "/users")).isEqualTo("100%25");
    }

    @Test
    void aPathWithMoreSegmentsAfterTheRouteIsNotFound() {
        for (String path : List.of("/users/ly1/", "/users/a/b")) {
            String event = """
                    {"version": "2.0", "rawPath": "%s", "requestContext": {"http": {"method": "GET"},
                     "domainName": "abc.lambda-url.eu-west-1.on.aws"}}""".formatted(path);
            assertThatExceptionOfType(InvalidRequestException.class)
                .isThrownBy(() -> readText(event).pathParameter("name", "/users"))
                .as(path)
                .satisfies(e -> assertThat(e.status()).isEqualTo(404));
        }
    }

    @Test
    void anHttpApiValueIsNeverDecodedAgainAndABasePathMayPrecedeTheRoute() {
        String event = """
                {"version": "2.0", "rawPath": "/prod/users/100%25 ly", "requestContext": {"http": {"method": "GET"},
                 "domainName": "abc.execute-api.eu-west-1.amazonaws.com"}}""";

        assertThat(readText(event).pathParameter("name", "/users")).isEqualTo("100%25 ly");
    }

    @Test
    void aPathOutsideTheRouteIsNotFound() {
        assertThatExceptionOfType(InvalidRequestException.class)
            .isThrownBy(() -> read("golang-function-url-domain-only-get-request.json").pathParameter("name", "/users"))
            .satisfies(e -> assertThat(e.status()).isEqualTo(404))
            .withMessageContaining("/users/{name}");
    }

    @Test
    void theMethodIsReadWhereEachEdgePutsIt() {
        assertThat(read("voker-apigwv1-request.json").method()).contains("POST");
        assertThat(read("voker-apigwv2-request.json").method()).contains("POST");
        assertThat(read("golang-function-url-domain-only-get-request.json").method()).contains("GET");
        assertThat(read("golang-function-url-request-with-headers-and-cookies-and-text-body.json").method())
            .contains("POST");
        assertThat(read("javalibs-elb_event.json").method()).contains("GET");
        assertThat(readText("{\"name\": \"ly1\"}").method()).isEmpty();
    }

    @Test
    void bodiesAreTakenAsSentAndBase64DecodedWhenMarked() {
        assertThat(new String(read("golang-function-url-domain-only-request-with-base64-encoded-body.json").body(),
                StandardCharsets.UTF_8))
            .isEqualTo("<idk/>");
        String direct = "{\"count\": 1, \"count\": 2}";
        assertThat(readText(direct).body()).as("a direct event's bytes, duplicates and all")
            .isEqualTo(direct.getBytes(StandardCharsets.UTF_8));
        assertThat(readText("").body()).isEmpty();
        assertThat(readText("null").body()).isEmpty();
    }

    @Test
    void anAlbHealthCheckIsRecognisedAndMultiValueHeadersAreWantedWhenSent() {
        assertThat(read("elbdocs-lambda-functions-healthcheck.json").isHealthCheck()).isTrue();
        assertThat(read("javalibs-elb_event.json").isHealthCheck()).isFalse();
        assertThat(read("golang-alb-lambda-target-request-multivalue-headers.json").wantsMultiValueHeaders()).isTrue();
        assertThat(read("golang-alb-lambda-target-request-headers-only.json").wantsMultiValueHeaders()).isFalse();
    }

    @Test
    void directEventsCarryTheNameAsAFieldOrABareString() {
        assertThat(readText("{\"name\": \"ly1\"}").pathParameter("name", "/users")).isEqualTo("ly1");
        assertThat(readText("\"ly1\"").pathParameter("name", "/users")).isEqualTo("ly1");
        assertThatExceptionOfType(BadEventException.class)
            .isThrownBy(() -> readText("{\"name\": 42}").pathParameter("name", "/users"))
            .withMessage("name must be a string");
        assertThatExceptionOfType(BadEventException.class)
            .isThrownBy(() -> readText("[1, 2]").pathParameter("name", "/users"))
            .withMessageContaining("Expected an event like");
        assertThatExceptionOfType(BadEventException.class).isThrownBy(() -> readText("not json"))
            .withMessageStartingWith("Event is not JSON");
    }

}
