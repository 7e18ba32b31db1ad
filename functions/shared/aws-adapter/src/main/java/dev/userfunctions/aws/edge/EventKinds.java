package dev.userfunctions.aws.edge;

import tools.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Tells the edge an event came through from its shape, and refuses the events of other
 * AWS services, each recognised by the field AWS documents for it: {@code Records} with
 * an {@code eventSource} (SQS, S3, Kinesis, DynamoDB) or {@code EventSource} (SNS), a
 * top-level {@code eventSource} (Kafka, Amazon MQ, DocumentDB change streams),
 * EventBridge's {@code source} and {@code detail-type}, CloudWatch Logs' {@code awslogs}.
 */
final class EventKinds {

    private static final Map<String, String> SOURCES = Map.ofEntries(Map.entry("aws:sqs", "an SQS message batch"),
            Map.entry("aws:s3", "an S3 event notification"), Map.entry("aws:sns", "an SNS notification"),
            Map.entry("aws:kinesis", "a Kinesis batch"), Map.entry("aws:dynamodb", "a DynamoDB stream batch"),
            Map.entry("aws:kafka", "an MSK (Kafka) batch"), Map.entry("SelfManagedKafka", "a Kafka batch"),
            Map.entry("aws:mq", "an Amazon MQ batch"), Map.entry("aws:rmq", "an Amazon MQ (RabbitMQ) batch"),
            Map.entry("aws:docdb", "a DocumentDB change stream batch"));

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
        String version = event.path("version").asString("");
        if ("2.0".equals(version) && context.path("http").isObject()) {
            return context.path("domainName").asString("").contains(".lambda-url.") ? Edge.FUNCTION_URL : Edge.HTTP_API;
        }
        if (event.path("httpMethod").isString() && context.isObject()) {
            // Payload format 1.0 is REST's shape; an HTTP API says "1.0" and hands its
            // values
            // over decoded, a REST API says nothing.
            return "1.0".equals(version) ? Edge.HTTP_API : Edge.REST_API;
        }
        return Edge.DIRECT;
    }

    private static void refuseOtherServices(JsonNode event) {
        JsonNode source = event.path("eventSource");
        if (source.isString()) {
            throw unsupported(SOURCES.getOrDefault(source.asString(), "a batch of records") + " (eventSource "
                    + source.asString() + ")");
        }
        JsonNode records = event.path("Records");
        if (records.isArray()) {
            JsonNode first = records.path(0);
            String recordSource = first.path("eventSource").asString(first.path("EventSource").asString(""));
            throw unsupported(SOURCES.getOrDefault(recordSource, "a batch of Records")
                    + (recordSource.isEmpty() ? "" : " (Records[0] from " + recordSource + ")"));
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
