package dev.userfunctions.aws.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The meter registry of a Lambda execution environment: cumulative, like
 * {@link SimpleMeterRegistry}, except that its timers also keep the durations recorded
 * since they were last drained, so that each invocation's own samples can be written as
 * EMF values (a timer's totals alone cannot give them back). It keeps only the meters EMF
 * publishes: nothing else reads them on Lambda, and the others (Resilience4j times every
 * Redis call) would cost each invocation for nothing, so they are no-ops here.
 */
public final class InvocationMeterRegistry extends SimpleMeterRegistry {

    public InvocationMeterRegistry() {
        config().meterFilter(MeterFilter.denyUnless(EmfPublisher::publishes));
    }

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig distributionStatisticConfig,
            PauseDetector pauseDetector) {
        return new SampledTimer(id, this, distributionStatisticConfig, pauseDetector);
    }

    /** A cumulative timer that also remembers its last samples, in milliseconds. */
    static final class SampledTimer extends CumulativeTimer {

        /** EMF takes at most 100 values per metric in one document. */
        static final int MAX_SAMPLES = 100;

        private final List<Double> samplesMillis = new ArrayList<>();

        SampledTimer(Meter.Id id, InvocationMeterRegistry registry, DistributionStatisticConfig config,
                PauseDetector pauseDetector) {
            super(id, registry.clock, config, pauseDetector, registry.getBaseTimeUnit());
        }

        @Override
        protected void recordNonNegative(long amount, TimeUnit unit) {
            super.recordNonNegative(amount, unit);
            synchronized (samplesMillis) {
                if (samplesMillis.size() < MAX_SAMPLES) {
                    samplesMillis.add(unit.toNanos(amount) / 1e6);
                }
            }
        }

        /** The samples recorded since the last call, oldest first. */
        List<Double> drainMillis() {
            synchronized (samplesMillis) {
                List<Double> drained = List.copyOf(samplesMillis);
                samplesMillis.clear();
                return drained;
            }
        }

    }

}
