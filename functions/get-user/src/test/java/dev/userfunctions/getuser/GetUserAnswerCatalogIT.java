package dev.userfunctions.getuser;

import dev.userfunctions.aws.LambdaInvocations;
import dev.userfunctions.fixtures.AnswerCatalog;
import dev.userfunctions.embedded.RedisNode;
import dev.userfunctions.users.UserCacheKeys;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.userfunctions.aws.LambdaInvocations.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of answer getUser's Lambda handler gives, through API Gateway v1 and v2 (a
 * route and the $default route), a Function URL, an ALB and a direct invocation, in a
 * catalog compared byte for byte with
 * {@code src/test/resources/answer-catalog/lambda-get-user.txt}.
 */
class GetUserAnswerCatalogIT extends GetUserHandlerSupport {

    private static final List<String> FIXTURES = List.of("rest-api-v1.json", "http-api-v2.json");

    /**
     * The edges whose names arrive in the path: HTTP API's $default route, Function URLs,
     * ALBs.
     */
    private static final List<String> PATH_EDGES = List.of("http-api-default.json", "function-url.json", "alb.json",
            "alb-multi-value.json");

    private final AnswerCatalog catalog = new AnswerCatalog(
            text -> text.replaceAll("\\\\\"id\\\\\":\\\\\"[0-9a-f]{24}\\\\\"", "\\\\\"id\\\\\":\\\\\"<id>\\\\\""));

    @Test
    void answersAreTheCatalogued() {
        users().insertOne(new Document("name", "ly1").append("age", 1));
        users().insertOne(new Document("name", "ly3").append("age", 3));
        for (String fixture : FIXTURES) {
            for (String name : List.of("ly1", "ly1", "ghost", "ghost", "$where", "a".repeat(65), "")) {
                record(fixture + " " + name, fixture(fixture, name));
            }
        }
        for (String event : List.of("{\"name\": \"ly1\"}", "{\"name\": 42}", "{\"other\": \"x\"}", "[1, 2]", "{}",
                "not json")) {
            record("direct " + event, event);
        }
        for (String fixture : PATH_EDGES) {
            for (String name : List.of("ly1", "ghost", "%24where", "ly%zz", "")) {
                record(fixture + " " + name, fixture(fixture, name));
            }
        }
        record("function-url.json POST ly1", fixture("function-url.json", "ly1").replace("\"GET\"", "\"POST\""));
        record("alb.json health check",
                fixture("alb.json", "").replace("/users/", "/").replace("curl/8.5.0", "ELB-HealthChecker/2.0"));
        record("SQS event", """
                {"Records": [{"messageId": "19dd0b57", "body": "ly1", "eventSource": "aws:sqs",
                  "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:users", "awsRegion": "eu-west-1"}]}""");

        stack.mongo().stop();
        for (String fixture : FIXTURES) {
            record(fixture + " ly1 (cached, MongoDB down)", fixture(fixture, "ly1"));
            record(fixture + " ly2 (not cached, MongoDB down)", fixture(fixture, "ly2"));
        }
        stack.mongo().startServer();

        RedisNode master = stack.redis().masterOf(UserCacheKeys.byName("ly3"));
        stack.redis().pauseClients(master, Duration.ofSeconds(4));
        awaitXCache("ly3's node bypassed", "BYPASS", Duration.ofSeconds(10));
        stack.mongo().stop();
        for (String fixture : FIXTURES) {
            record(fixture + " ly3 (its node bypassed, MongoDB down)", fixture(fixture, "ly3"));
        }
        stack.mongo().startServer();
        awaitXCache("ly3's node back", "HIT", Duration.ofSeconds(15));

        assertThat(catalog.differencesFromCommitted("lambda-get-user.txt")).isEmpty();
    }

    private void awaitXCache(String what, String expected, Duration atMost) {
        await(what).atMost(atMost)
            .pollInterval(Duration.ofMillis(50))
            .until(() -> expected.equals(
                    LambdaInvocations.invoke(handler, "{\"name\": \"ly3\"}").get("headers").get("X-Cache").asString()));
    }

    /**
     * An event the handler refuses by throwing is catalogued as the exception it threw.
     */
    private void record(String request, String event) {
        String answer;
        try {
            answer = LambdaInvocations.invokeRaw(handler, event, new LambdaInvocations.FakeContext());
        }
        catch (RuntimeException e) {
            answer = "thrown: " + e.getClass().getName() + ": " + e.getMessage();
        }
        catalog.add(request, answer);
    }

}
