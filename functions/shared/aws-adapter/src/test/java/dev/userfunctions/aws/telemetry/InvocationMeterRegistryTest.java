package dev.userfunctions.aws.telemetry;

import io.micrometer.core.instrument.Meter;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class InvocationMeterRegistryTest {

    private final InvocationMeterRegistry registry = new InvocationMeterRegistry();

    @Test
    void keepsOnlyTheMetersThatArePublished() {
        registry.timer("resilience4j.circuitbreaker.calls", "kind", "successful").record(Duration.ofMillis(1));
        registry.counter("cache.invalidations", "result", "deleted").increment();
        registry.counter("cache.invalidations", "result", "failed").increment();
        registry.timer("cache.load").record(Duration.ofMillis(5));

        assertThat(registry.getMeters()).map(Meter::getId)
            .map(id -> id.getName() + ":" + id.getTag("result"))
            .containsExactlyInAnyOrder("cache.invalidations:failed", "cache.load:null");
    }

    @Test
    void publishedTimersHandTheirSamplesOverOnce() {
        InvocationMeterRegistry.SampledTimer load = (InvocationMeterRegistry.SampledTimer) registry.timer("cache.load");
        load.record(Duration.ofMillis(5));
        load.record(Duration.ofMillis(7));

        assertThat(load.drainMillis()).containsExactly(5.0, 7.0);
        assertThat(load.drainMillis()).isEmpty();
    }

}
