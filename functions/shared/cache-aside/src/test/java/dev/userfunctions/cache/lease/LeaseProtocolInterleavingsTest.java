package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.lease.Interleavings.Report;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every interleaving of every {@link ExploredScenarios} scenario keeps the invariants.
 */
class LeaseProtocolInterleavingsTest {

    @TestFactory
    Stream<DynamicTest> everyInterleavingKeepsTheInvariants() {
        return ExploredScenarios.all()
            .entrySet()
            .stream()
            .map(scenario -> DynamicTest.dynamicTest(scenario.getKey(), () -> {
                long started = System.nanoTime();
                Report report = scenario.getValue().get();
                long tookMs = (System.nanoTime() - started) / 1_000_000;
                System.out.printf("%s: %,d interleavings, %,d steps run, %,d ms%n", scenario.getKey(),
                        report.interleavings(), report.steps(), tookMs);
                assertThat(report.violation()).isNull();
                assertThat(report.interleavings()).isGreaterThan(1);
            }));
    }

}
