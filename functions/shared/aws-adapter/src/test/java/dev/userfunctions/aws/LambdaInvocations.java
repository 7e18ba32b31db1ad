package dev.userfunctions.aws;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Calls a function's Lambda handler the way the Lambda runtime does: constructed once
 * (the init phase), then event bytes in, response bytes out.
 */
public final class LambdaInvocations {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private LambdaInvocations() {
    }

    /**
     * A handler as the Lambda runtime creates it (its constructor is the init phase),
     * configured the way template.yaml's environment configures it.
     */
    public static RequestStreamHandler startHandler(Supplier<RequestStreamHandler> handler, String mongoUri,
            String database, String redisSeeds) {
        System.setProperty("mongodb.uri", mongoUri);
        System.setProperty("mongodb.database", database);
        System.setProperty("redis.nodes", redisSeeds);
        // The embedded MongoDB of the tests logs each connection; a real one is not in
        // the function's log.
        System.setProperty("logging.level.de.bwaldvogel", "warn");
        return handler.get();
    }

    public static JsonNode invoke(RequestStreamHandler handler, String event) {
        return invoke(handler, event, new FakeContext());
    }

    /** An invocation with the given context (and so its request id). */
    public static JsonNode invoke(RequestStreamHandler handler, String event, Context context) {
        return JSON.readTree(invokeRaw(handler, event, context));
    }

    /** The answer exactly as the handler wrote it. */
    public static String invokeRaw(RequestStreamHandler handler, String event, Context context) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, context);
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
