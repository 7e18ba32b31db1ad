package dev.userfunctions.aws.telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.cloud.function.adapter.aws.AWSLambdaUtils;
import org.springframework.messaging.Message;
import tools.jackson.databind.json.JsonMapper;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * What every invocation of a Lambda function reports: its log lines carry the runtime's
 * request id ({@code requestId}, from the Lambda context the AWS adapter puts in the
 * message), 5xx answers are counted, and at the end the invocation's metrics are written
 * as EMF (when metrics are on). What happened before the first invocation (the init
 * phase, SnapStart's priming) is not written.
 */
public final class InvocationTelemetry {

    /** The log field (MDC key) and EMF property that carry the request id. */
    public static final String REQUEST_ID = "requestId";

    private static final Logger log = LoggerFactory.getLogger(InvocationTelemetry.class);

    private final MeterRegistry registry;

    private final JsonMapper json;

    private final String namespace;

    /**
     * @param registry the execution environment's meters, or null to write no metrics
     * @param json writes the metric documents
     * @param namespace the CloudWatch namespace of the metrics
     */
    InvocationTelemetry(MeterRegistry registry, JsonMapper json, String namespace) {
        this.registry = registry;
        this.json = json;
        this.namespace = namespace;
    }

    /**
     * The Lambda handler {@code handler} of the function named {@code function},
     * observed.
     */
    public Function<Message<byte[]>, APIGatewayProxyResponseEvent> observe(String function,
            Function<Message<byte[]>, APIGatewayProxyResponseEvent> handler) {
        EmfPublisher metrics = registry == null ? null : new EmfPublisher(registry, json, namespace, function);
        AtomicBoolean firstInvocation = new AtomicBoolean(true);
        return request -> {
            if (metrics != null && firstInvocation.getAndSet(false)) {
                metrics.discardPending();
            }
            String requestId = requestIdOf(request);
            if (requestId != null) {
                MDC.put(REQUEST_ID, requestId);
            }
            try {
                APIGatewayProxyResponseEvent answer = handler.apply(request);
                if (metrics != null && answer.getStatusCode() >= 500) {
                    registry.counter(EmfPublisher.ANSWERS_METER, "status", answer.getStatusCode().toString())
                        .increment();
                }
                return answer;
            }
            finally {
                publish(metrics, requestId);
                MDC.remove(REQUEST_ID);
            }
        };
    }

    /** Metrics are worth less than the answer: a failure to write them is only logged. */
    private static void publish(EmfPublisher metrics, String requestId) {
        if (metrics == null) {
            return;
        }
        try {
            metrics.publish(requestId);
        }
        catch (RuntimeException e) {
            log.warn("Could not write this invocation's metrics: {}", e.toString());
        }
    }

    private static String requestIdOf(Message<byte[]> request) {
        return request.getHeaders().get(AWSLambdaUtils.AWS_CONTEXT) instanceof Context context
                ? context.getAwsRequestId() : null;
    }

}
