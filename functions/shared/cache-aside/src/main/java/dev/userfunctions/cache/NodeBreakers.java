package dev.userfunctions.cache;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import dev.userfunctions.cache.lease.CacheEvents;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One Resilience4j circuit breaker per Redis master node, so that a failing node is
 * bypassed while the others keep serving their slots. Configured to behave as "N
 * consecutive failures open it, a cool-down, then one probe": a count-based window of N
 * calls that opens at a 100 % failure rate, and one permitted call while half-open. Only
 * Redis calls are recorded (never the loader's), and every one that fails counts, except
 * the answers that blame no node ({@code CLUSTERDOWN}, {@code NOPERM}: see
 * {@link RedisErrors#notTheNodesFault}), which leave the breaker as it was. A probe that
 * never reports back cannot hold the breaker half-open for longer than
 * {@link #MAX_HALF_OPEN}.
 *
 * <p>
 * Every transition is told to the cache's {@link CacheEvents} (by node address and state:
 * OPEN, HALF_OPEN, CLOSED); where there are Micrometer meters the states are published
 * too ({@link #bindTo}); breakers of masters that left the topology are removed.
 */
final class NodeBreakers {

    private static final Logger log = LoggerFactory.getLogger(NodeBreakers.class);

    /** Keys whose slot no master serves share one breaker. */
    static final String UNCOVERED = "uncovered slots";

    /** Consecutive failures of a node that open its breaker: 3. */
    static final int FAILURE_THRESHOLD = 3;

    /** How long an open breaker bypasses its node before one probe: 2 s. */
    static final Duration COOL_DOWN = Duration.ofSeconds(2);

    private static final Duration MAX_HALF_OPEN = Duration.ofSeconds(5);

    private final String cacheName;

    private final CircuitBreakerRegistry registry;

    private final Map<String, CircuitBreaker> byNodeId = new ConcurrentHashMap<>();

    private final Consumer<String> onOpen;

    private final Duration coolDown;

    private final CacheEvents events;

    /**
     * @param events told of every transition, by node address and the state entered
     * @param onOpen called with the node id whenever a breaker opens (after the failures,
     * or after a failed probe): the moment to replace that node's connection
     */
    NodeBreakers(String cacheName, int failureThreshold, Duration coolDown, CacheEvents events,
            Consumer<String> onOpen) {
        this.cacheName = cacheName;
        this.onOpen = onOpen;
        this.coolDown = coolDown;
        this.events = events;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(failureThreshold)
            .minimumNumberOfCalls(failureThreshold)
            .failureRateThreshold(100)
            .waitDurationInOpenState(coolDown)
            .permittedNumberOfCallsInHalfOpenState(1)
            .maxWaitDurationInHalfOpenState(MAX_HALF_OPEN)
            .automaticTransitionFromOpenToHalfOpenEnabled(false)
            .recordException(any -> true)
            .ignoreException(RedisErrors::notTheNodesFault)
            .writableStackTraceEnabled(false)
            .build();
        this.registry = CircuitBreakerRegistry.of(config);
    }

    /**
     * Publishes the breakers' states as Resilience4j's Micrometer meters
     * ({@code resilience4j.circuitbreaker.state{name=cache@host:port}}), for a process
     * that shows Micrometer's meters (the local server).
     */
    void bindTo(MeterRegistry meters) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
    }

    /**
     * The breaker of a node, created closed on first use; {@code address} names it in
     * logs and meters and is asked for only then (this is on every request's path).
     */
    CircuitBreaker of(String nodeId, Supplier<String> address) {
        CircuitBreaker existing = byNodeId.get(nodeId);
        return existing != null ? existing : byNodeId.computeIfAbsent(nodeId, id -> create(id, address.get()));
    }

    private CircuitBreaker create(String nodeId, String address) {
        CircuitBreaker breaker = registry.circuitBreaker(cacheName + "@" + address);
        // Resilience4j publishes the error before the transition it causes.
        AtomicReference<Throwable> lastError = new AtomicReference<>();
        breaker.getEventPublisher().onError(event -> lastError.set(event.getThrowable()));
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.StateTransition transition = event.getStateTransition();
            events.breakerTransitioned(address, transition.getToState().name());
            switch (transition.getToState()) {
                case OPEN -> {
                    Throwable cause = lastError.get();
                    log.warn("Cache '{}': Redis node {} failed {} ({}); bypassing it for {} ms, then one probe",
                            cacheName, address,
                            transition.getFromState() == CircuitBreaker.State.HALF_OPEN ? "its probe" : "repeatedly",
                            cause == null ? transition : ErrorMessages.describe(cause), coolDown.toMillis());
                    onOpen.accept(nodeId);
                }
                case CLOSED -> log.info("Cache '{}': Redis node {} answers again, using it", cacheName, address);
                default -> log.debug("Cache '{}': Redis node {}: {}", cacheName, address, transition);
            }
        });
        return breaker;
    }

    /** Forgets the breakers (and meters) of nodes that are no longer masters. */
    void retainOnly(Set<String> masterNodeIds) {
        byNodeId.entrySet().removeIf(entry -> {
            boolean departed = !masterNodeIds.contains(entry.getKey()) && !entry.getKey().equals(UNCOVERED);
            if (departed) {
                registry.remove(entry.getValue().getName());
            }
            return departed;
        });
    }

    /** The state of a node's breaker; closed for a node not used yet. */
    CircuitBreaker.State stateOf(String nodeId) {
        CircuitBreaker breaker = byNodeId.get(nodeId);
        return breaker == null ? CircuitBreaker.State.CLOSED : breaker.getState();
    }

    /** How many known nodes are not closed (open or probing). */
    int notClosed() {
        return (int) byNodeId.values().stream().filter(b -> b.getState() != CircuitBreaker.State.CLOSED).count();
    }

    /** True when breakers exist and none is closed: every node seen is bypassed. */
    boolean allNotClosed() {
        return !byNodeId.isEmpty() && notClosed() == byNodeId.size();
    }

    int size() {
        return byNodeId.size();
    }

    /** Records the outcome of a call made with a permission from {@code breaker}. */
    static void record(CircuitBreaker breaker, long startNanos, RuntimeException failure) {
        long took = System.nanoTime() - startNanos;
        if (failure == null) {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        }
        else {
            breaker.onError(took, TimeUnit.NANOSECONDS, failure);
        }
    }

    /**
     * Records the outcome of a further call in the same request (no permission of its
     * own) only while the breaker is closed: a request that began before the breaker
     * opened proves nothing about the node now, and must not decide a probe.
     */
    static void recordIfClosed(CircuitBreaker breaker, long startNanos, RuntimeException failure) {
        if (breaker.getState() == CircuitBreaker.State.CLOSED) {
            record(breaker, startNanos, failure);
        }
    }

}
