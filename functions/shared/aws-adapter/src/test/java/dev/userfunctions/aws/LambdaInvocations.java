package dev.userfunctions.aws;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Calls a {@link FunctionInvoker} the way the Lambda runtime does: event bytes in,
 * response bytes out.
 */
public final class LambdaInvocations {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private LambdaInvocations() {
    }

    /**
     * A {@link FunctionInvoker} as the Lambda runtime creates it (init phase included)
     * for the application {@code mainClass}, configured the way template.yaml's
     * environment configures it.
     */
    public static FunctionInvoker startInvoker(Class<?> mainClass, String mongoUri, String database,
            String redisSeeds) {
        System.setProperty("MAIN_CLASS", mainClass.getName());
        System.setProperty("mongodb.uri", mongoUri);
        System.setProperty("mongodb.database", database);
        System.setProperty("redis.nodes", redisSeeds);
        // The embedded MongoDB of the tests logs each connection; a real one is not in
        // the function's log.
        System.setProperty("logging.level.de.bwaldvogel", "warn");
        return new FunctionInvoker();
    }

    public static JsonNode invoke(FunctionInvoker invoker, String event) {
        return invoke(invoker, event, new FakeContext());
    }

    /** An invocation with the given context (and so its request id). */
    public static JsonNode invoke(FunctionInvoker invoker, String event, Context context) {
        return JSON.readTree(invokeRaw(invoker, event, context));
    }

    /** The answer exactly as the handler wrote it. */
    public static String invokeRaw(FunctionInvoker invoker, String event, Context context) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            invoker.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, context);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return output.toString(StandardCharsets.UTF_8);
    }

    /**
     * A fixture from {@code /events/} of the calling module, with {@code NAME} replaced.
     */
    public static String fixture(String name, String userName) {
        try (InputStream in = LambdaInvocations.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("NAME", userName);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A fixture from {@code /events/} of the calling module, with its {@code "BODY"}
     * string set to {@code body}.
     */
    public static String fixtureWithBody(String name, String body) {
        return fixture(name, "NAME").replace("\"BODY\"", JSON.writeValueAsString(body));
    }

    public static final class FakeContext implements Context {

        private final String requestId = UUID.randomUUID().toString();

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/test";
        }

        @Override
        public String getLogStreamName() {
            return "local";
        }

        @Override
        public String getFunctionName() {
            return "test";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:eu-west-1:123456789012:function:test";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.println(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.println(new String(message, StandardCharsets.UTF_8));
                }
            };
        }

    }

}
