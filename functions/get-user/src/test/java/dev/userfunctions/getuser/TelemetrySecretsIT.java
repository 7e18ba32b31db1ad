package dev.userfunctions.getuser;

import dev.userfunctions.aws.LambdaFunctionTestSupport;
import dev.userfunctions.aws.LambdaInvocations;
import dev.userfunctions.aws.StandardOutput;
import dev.userfunctions.fixtures.EmbeddedStackExtension;
import dev.userfunctions.getuser.lambda.GetUserHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.userfunctions.aws.LambdaInvocations.fixture;
import static dev.userfunctions.aws.LambdaInvocations.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No log line or metric of a Lambda function carries a user name, the MongoDB connection
 * string or the Redis password, on the paths that log the most: start-up (with a
 * password, which Redis accepts while its default user has none), a name not found,
 * MongoDB down.
 */
class TelemetrySecretsIT extends LambdaFunctionTestSupport {

    private static final String NAME = "private-person-5150";

    private static final String URI_MARKER = "uri-marker-77";

    private static final String REDIS_PASSWORD = "redis-pw-3f9a1c";

    private static final List<String> startupLines = new ArrayList<>();

    private static String mongoUri;

    @BeforeAll
    static void start() {
        stack = EmbeddedStackExtension.shared();
        mongoUri = stack.mongoUri() + "/?appName=" + URI_MARKER;
        System.setProperty("redis.password", REDIS_PASSWORD);
        // The cache's connection lines (DEBUG on a healthy start) are where a password
        // would leak.
        System.setProperty("logging.level.dev.userfunctions.cache", "debug");
        startupLines.addAll(StandardOutput.linesOf(() -> {
            handler = LambdaInvocations.startHandler(GetUserHandler::new, mongoUri, DATABASE, stack.redisSeeds());
            // On a busy machine the connection may outlast the start-up wait: the start
            // ends
            // here once it is made (and announced), whatever the wait.
            await().atMost(Duration.ofSeconds(20))
                .until(() -> !"BYPASS".equals(LambdaInvocations.invoke(handler, "{\"name\": \"startup-probe\"}")
                    .get("headers")
                    .get("X-Cache")
                    .asString()));
        }));
    }

    @AfterAll
    static void forgetThePassword() {
        System.clearProperty("redis.password");
        System.clearProperty("logging.level.dev.userfunctions.cache");
    }

    @Test
    void aCleanStartLogsNothingAtWarnOrAbove() {
        assertThat(startupLines).as("the start's lines, the Redis Cluster's connection among them (at DEBUG here)")
            .anyMatch(line -> line.contains("Connected to the Redis Cluster"))
            .noneMatch(line -> line.contains("\"level\":\"WARN\"") || line.contains("\"level\":\"ERROR\""));
    }

    @Test
    void noLineCarriesANameTheMongoUriOrTheRedisPassword() {
        List<String> lines = new ArrayList<>(startupLines);
        lines.addAll(StandardOutput.linesOf(() -> {
            assertThat(invoke(handler, fixture("rest-api-v1.json", NAME)).get("statusCode").asInt()).isEqualTo(404);
            stack.mongo().stop();
            assertThat(invoke(handler, fixture("http-api-v2.json", NAME + "0")).get("statusCode").asInt())
                .isEqualTo(503);
        }));

        assertThat(lines).as("the failures were logged").anyMatch(line -> line.contains("MongoDB unreachable"));
        assertThat(lines).as("the connections were logged").anyMatch(line -> line.contains("Redis Cluster"));
        assertThat(lines).noneMatch(line -> line.contains(NAME))
            .noneMatch(line -> line.contains(URI_MARKER))
            .noneMatch(line -> line.contains(mongoUri))
            .noneMatch(line -> line.contains(REDIS_PASSWORD));
    }

}
