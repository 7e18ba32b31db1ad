package dev.userfunctions.cache;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What a node's circuit breaker costs a request: one permission and one recorded result,
 * on a closed breaker configured exactly as the cache configures it (with its Micrometer
 * binding). In the cache's package because {@link NodeBreakers} is package-private; run
 * by BenchmarkReport through JMH.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BreakerBenchmark {

    private CircuitBreaker breaker;

    @Setup
    public void setUp() {
        breaker = new NodeBreakers("bench", 3, Duration.ofSeconds(2), new SimpleMeterRegistry(), node -> {
        }).of("node", () -> "127.0.0.1:6379");
    }

    @Benchmark
    public boolean acquireAndRecordSuccess() {
        boolean permitted = breaker.tryAcquirePermission();
        NodeBreakers.record(breaker, System.nanoTime(), null);
        return permitted;
    }

}
