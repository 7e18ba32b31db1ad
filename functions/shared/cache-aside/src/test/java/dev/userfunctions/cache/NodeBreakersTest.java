package dev.userfunctions.cache;

import dev.userfunctions.cache.lease.CacheEvents;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisCommandExecutionException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NodeBreakersTest {

    private static final Duration COOL_DOWN = Duration.ofMillis(100);

    private final List<String> opened = new ArrayList<>();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    /** The transitions told to the cache's events, as "node state". */
    private final List<String> transitions = new ArrayList<>();

    private final NodeBreakers breakers = new NodeBreakers("test", 3, COOL_DOWN, new CacheEvents() {
        @Override
        public void breakerTransitioned(String node, String state) {
            transitions.add(node + " " + state);
        }
    }, opened::add);

    {
        breakers.bindTo(meters);
    }

    private final RuntimeException timeout = new io.lettuce.core.RedisCommandTimeoutException("timed out");

    private static void fail(CircuitBreaker breaker, RuntimeException failure) {
        assertThat(breaker.tryAcquirePermission()).isTrue();
        NodeBreakers.record(breaker, System.nanoTime(), failure);
    }

    private static void succeed(CircuitBreaker breaker) {
        assertThat(breaker.tryAcquirePermission()).isTrue();
        NodeBreakers.record(breaker, System.nanoTime(), null);
    }

    @Test
    void opensAfterConsecutiveFailuresOnlyAndSaysWhichNode() {
        CircuitBreaker breaker = breakers.of("node-a", () -> "10.0.0.1:6379");
        fail(breaker, timeout);
        fail(breaker, timeout);
        succeed(breaker);
        fail(breaker, timeout);
        fail(breaker, timeout);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);

        fail(breaker, timeout);

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(opened).containsExactly("node-a");
        assertThat(transitions).containsExactly("10.0.0.1:6379 OPEN");
        assertThat(breakers.notClosed()).isEqualTo(1);
    }

    @Test
    void answersThatBlameNoNodeLeaveItsBreakerAsItWas() {
        CircuitBreaker breaker = breakers.of("node-a", () -> "10.0.0.1:6379");
        fail(breaker, timeout);
        fail(breaker, timeout);

        for (int i = 0; i < 10; i++) {
            fail(breaker, new RedisCommandExecutionException("CLUSTERDOWN The cluster is down"));
            fail(breaker, new RedisCommandExecutionException(
                    "NOPERM User users-cache has no permissions to run the 'set' command"));
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(opened).isEmpty();
        fail(breaker, timeout);
        assertThat(breaker.getState()).as("the two timeouts before still count: a third opens it")
            .isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void aProbeAnsweredClusterdownStaysTheOneProbe() {
        CircuitBreaker breaker = probing("node-a");
        NodeBreakers.record(breaker, System.nanoTime(),
                new RedisCommandExecutionException("CLUSTERDOWN The cluster is down"));

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(opened).as("not reopened, so its connection is not replaced again").containsExactly("node-a");
        assertThat(breaker.tryAcquirePermission()).as("its permission given back for the next probe").isTrue();
    }

    @Test
    void afterTheCoolDownExactlyOneProbeAndItsSuccessCloses() {
        CircuitBreaker breaker = openOne("node-a");
        assertThat(breaker.tryAcquirePermission()).as("still cooling down").isFalse();

        awaitProbe(breaker);
        assertThat(breaker.tryAcquirePermission()).as("only one probe at a time").isFalse();
        NodeBreakers.record(breaker, System.nanoTime(), null);

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aProbeThatFailsWithAnyExceptionReopensAndReplacesTheConnectionAgain() {
        CircuitBreaker breaker = probing("node-a");

        NodeBreakers.record(breaker, System.nanoTime(), new IllegalStateException("not a RedisException"));

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(opened).containsExactly("node-a", "node-a");
        awaitProbe(breaker);
        NodeBreakers.record(breaker, System.nanoTime(), null);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aLateResultOfARequestFromBeforeTheOpeningDecidesNothing() {
        CircuitBreaker breaker = probing("node-a");

        NodeBreakers.recordIfClosed(breaker, System.nanoTime(), timeout);

        assertThat(breaker.getState()).as("the probe is still the one to decide")
            .isEqualTo(CircuitBreaker.State.HALF_OPEN);
        NodeBreakers.record(breaker, System.nanoTime(), null);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aProbeThatNeverReportsBackDoesNotHoldTheBreakerHalfOpen() {
        CircuitBreaker breaker = probing("node-a");

        await("back to open after the half-open limit").atMost(Duration.ofSeconds(8))
            .until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
        await("and probing again").atMost(Duration.ofSeconds(2)).until(breaker::tryAcquirePermission);
    }

    @Test
    void breakersOfMastersThatLeftAreRemovedWithTheirMeters() {
        openOne("node-a");
        breakers.of("node-b", () -> "10.0.0.2:6379");
        assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", "test@10.0.0.1:6379").gauges())
            .isNotEmpty();

        breakers.retainOnly(Set.of("node-b"));

        assertThat(breakers.size()).isEqualTo(1);
        assertThat(breakers.notClosed()).as("the departed open breaker no longer counts").isZero();
        assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", "test@10.0.0.1:6379").gauges())
            .isEmpty();
    }

    private CircuitBreaker openOne(String nodeId) {
        CircuitBreaker breaker = breakers.of(nodeId, () -> "10.0.0.1:6379");
        for (int i = 0; i < 3; i++) {
            fail(breaker, timeout);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        return breaker;
    }

    /** A breaker opened, cooled down, and its one probe let through. */
    private CircuitBreaker probing(String nodeId) {
        CircuitBreaker breaker = openOne(nodeId);
        awaitProbe(breaker);
        return breaker;
    }

    private static void awaitProbe(CircuitBreaker breaker) {
        await("the probe let through").atMost(Duration.ofSeconds(2)).until(breaker::tryAcquirePermission);
    }

}
