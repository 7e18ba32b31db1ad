package dev.userfunctions.aws.telemetry;

import com.amazonaws.services.lambda.runtime.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * What every invocation of one Lambda function reports: its log lines carry the runtime's
 * request id ({@code requestId}), 5xx answers are counted, and at the end the
 * invocation's metrics are written as EMF (when metrics are on). What happened before the
 * first invocation (the init phase, SnapStart's priming) is not written.
 */
public final class InvocationTelemetry {

    /** The log field (MDC key) and EMF property that carry the request id. */
    public static final String REQUEST_ID = "requestId";

    private static final Logger log = LoggerFactory.getLogger(InvocationTelemetry.class);

    private final EmfMetrics metrics;

    private final String function;

    private final AtomicBoolean firstInvocation = new AtomicBoolean(true);

    /**
     * @param metrics the execution environment's metrics, or null to write none
     * @param function the function's name, the metrics' {@code function} dimension
     */
    public InvocationTelemetry(EmfMetrics metrics, String function) {
        this.metrics = metrics;
        this.function = function;
    }

    /**
     * Runs one invocation, observed; {@code status} tells its answer's HTTP status. A
     * failure of the invocation itself (an event the function does not serve) passes
     * through, after its metrics are written.
     */
    public <T> T observe(Context context, Supplier<T> invocation, ToIntFunction<T> status) {
        if (metrics != null && firstInvocation.getAndSet(false)) {
            metrics.discardPending();
        }
        String requestId = context == null ? null : context.getAwsRequestId();
        if (requestId != null) {
            MDC.put(REQUEST_ID, requestId);
        }
        try {
            T answer = invocation.get();
            int answered = status.applyAsInt(answer);
            if (metrics != null) {
                metrics.answered(answered);
            }
            return answer;
        }
        finally {
            publish(requestId);
            MDC.remove(REQUEST_ID);
        }
    }

    /** Metrics are worth less than the answer: a failure to write them is only logged. */
    private void publish(String requestId) {
        if (metrics == null) {
            return;
        }
        try {
            metrics.publish(function, requestId);
        }
        catch (RuntimeException e) {
            log.warn("Could not write this invocation's metrics: {}", e.toString());
        }
    }

}
