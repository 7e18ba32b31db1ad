package dev.userfunctions.getuser.lambdaenv;

import dev.userfunctions.aws.LambdaInvocations;
import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.fixtures.EmbeddedStackExtension;
import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.getUser;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.getUserEvent;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * What Lambda's runtime sees of getUser's handler, with no application context to explain
 * a failure: a bad setting fails the init phase with the line the local server prints for
 * it, and an event of another service fails its invocation (Lambda counts an error) while
 * the environment goes on serving.
 */
class LambdaEdgeIT {

    static EmbeddedStack stack;

    @BeforeAll
    static void start() {
        stack = EmbeddedStackExtension.shared();
        stack.mongo().insertUser("edge_it", "ly1", 1);
    }

    @Test
    void aSettingNotAllowedFailsTheInitWithTheLocalServersLine() {
        try (LambdaEnvironment environment = getUser(stack.mongoUri(), "edge_it", stack.redisSeeds())
            .variable("CACHE_TTL", "0s")
            .wholeCores()
            .start()) {
            assertThatIllegalStateException().isThrownBy(environment::awaitInit)
                .withMessageContaining("init/error")
                .withMessageContaining("CACHE_TTL=0s is not allowed: a duration from 1 s to 7 days");
            // The output is read on another thread: the line may come after the report.
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(environment.output()).anySatisfy(line -> assertThat(line).startsWith("{")
                            .contains("\"level\":\"ERROR\"")
                            .contains("CACHE_TTL=0s is not allowed")));
        }
    }

    @Test
    void anSqsEventFailsItsInvocationAndTheEnvironmentServesTheNext() {
        try (LambdaEnvironment environment = getUser(stack.mongoUri(), "edge_it", stack.redisSeeds()).wholeCores()
            .start()) {
            environment.awaitInit();
            Invocation sqs = environment.invoke("""
                    {"Records": [{"messageId": "19dd0b57", "body": "ly1", "eventSource": "aws:sqs",
                      "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:users", "awsRegion": "eu-west-1"}]}""");

            assertThat(sqs.failed()).isTrue();
            assertThat(LambdaInvocations.JSON.readTree(sqs.response()).get("errorType").asString())
                .isEqualTo("dev.userfunctions.aws.edge.UnsupportedEventException");
            assertThat(status(environment.invoke(getUserEvent("ly1")))).isEqualTo(200);
        }
    }

}
