package dev.userfunctions.getuser.lambdaenv;

import dev.userfunctions.aws.LambdaInvocations;
import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;

/**
 * getUser's Lambda environments as template.yaml configures the function, on this
 * module's Lambda jar (built by {@code package}, before the integration tests).
 */
final class GetUserEnvironments {

    static final Path LAMBDA_JAR = Path.of("target", "get-user-aws.jar");

    /** template.yaml's handler of getUser. */
    static final String HANDLER = "dev.userfunctions.getuser.lambda.GetUserHandler::handleRequest";

    private GetUserEnvironments() {
    }

    static LambdaEnvironment.Builder getUser(String mongoUri, String database, String redisNodes) {
        return LambdaEnvironment.builder(LAMBDA_JAR, HANDLER)
            .functionName("getUser")
            .variable("MONGODB_URI", mongoUri)
            .variable("MONGODB_DATABASE", database)
            .variable("REDIS_NODES", redisNodes)
            // The embedded MongoDB of the tests logs each connection.
            .variable("LOGGING_LEVEL_DE_BWALDVOGEL", "warn");
    }

    /** The API Gateway event for {@code GET /users/{name}}. */
    static String getUserEvent(String name) {
        return LambdaInvocations.fixture("rest-api-v1.json", name);
    }

    static JsonNode answer(Invocation invocation) {
        return LambdaInvocations.JSON.readTree(invocation.response());
    }

    static String xCache(Invocation invocation) {
        return answer(invocation).get("headers").get("X-Cache").asString();
    }

    static int status(Invocation invocation) {
        return answer(invocation).get("statusCode").asInt();
    }

}
