package dev.userfunctions.aws.edge;

import tools.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Tells the edge an event came through from its shape, and refuses the events of other
 * AWS services, each recognised by the field AWS documents for it: {@code Records} with
 * an {@code eventSource} (SQS, S3, Kinesis, DynamoDB) or {@code EventSource} (SNS),
 * EventBridge's {@code source} and {@code detail-type}, CloudWatch Logs' {@code awslogs}.
 */
final class EventKinds {

    private static final Map<String, String> RECORD_SOURCES = Map.of("aws:sqs", "an SQS message batch", "aws:s3",
            "an S3 event notification", "aws:sns", "an SNS notification", "aws:kinesis", "a Kinesis batch",
            "aws:dynamodb", "a DynamoDB stream batch");

    private static final String SERVED = "these functions answer API Gateway (REST and HTTP APIs), Function URL "
            + "and Application Load Balancer requests and direct invocations";

    private EventKinds() {
    }

    static Edge edgeOf(JsonNode event) {
        if (!event.isObject()) {
            return Edge.DIRECT;
        }
        refuseOtherServices(event);
        JsonNode context = event.path("requestContext");
        if (context.path("elb").isObject()) {
            return Edge.ALB;
        }
        if ("2.0".equals(event.path("version").asString("")) && context.path("http").isObject()) {
            return context.path("domainName").asString("").contains(".lambda-url.") ? Edge.FUNCTION_URL : Edge.HTTP_API;
        }
        if (event.path("httpMethod").isString() && context.isObject()) {
            return Edge.REST_API;
        }
        return Edge.DIRECT;
    }

    private static void refuseOtherServices(JsonNode event) {
        JsonNode records = event.path("Records");
        if (records.isArray()) {
            JsonNode first = records.path(0);
            String source = first.path("eventSource").asString(first.path("EventSource").asString(""));
            String kind = RECORD_SOURCES.getOrDefault(source, "a batch of Records");
            throw unsupported(kind + (source.isEmpty() ? "" : " (Records[0] from " + source + ")"));
        }
        if (event.has("source") && event.has("detail-type")) {
            throw unsupported("an EventBridge event (source " + event.path("source").asString("?") + ", detail-type "
                    + event.path("detail-type").asString("?") + ")");
        }
        if (event.path("awslogs").isObject()) {
            throw unsupported("a CloudWatch Logs subscription event (awslogs)");
        }
    }

    private static UnsupportedEventException unsupported(String what) {
        return new UnsupportedEventException("Refused " + what + ": " + SERVED
                + ". Check the trigger or the caller that sends it to this function.");
    }

}
