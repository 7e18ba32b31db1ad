package dev.userfunctions.benchmarks;

import dev.userfunctions.cache.BreakerBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.userfunctions.benchmarks.Markdown.table;

/** What a node's circuit breaker costs per Redis call (JMH). */
final class BreakerCostSection extends Section {

    BreakerCostSection(Path root, Map<String, String> headlines) {
        super(root, headlines);
    }

    @Override
    void measure() throws Exception {
        Options options = new OptionsBuilder().include(BreakerBenchmark.class.getName())
            .forks(0)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .threads(1)
            .build();
        RunResult result = new Runner(options).runSingle();
        double nanos = result.getPrimaryResult().getScore();
        md.append("A master node's Resilience4j circuit breaker, configured as the cache configures it (with its "
                + "Micrometer binding): ")
            .append("one `tryAcquirePermission` and one recorded success on a closed breaker, the work it adds "
                    + "to every Redis call. ")
            .append("JMH (`BreakerBenchmark`), average time, 3 × 1 s warm-up, 5 × 1 s measurement, one thread, "
                    + "in process.\n\n");
        md.append(
                table(List.of("operation", "ns per call", "error (99.9 %)"), List.of(List.of("acquire + record success",
                        "%.0f".formatted(nanos), "± %.0f".formatted(result.getPrimaryResult().getScoreError())))));
        md.append("\nThe goal for keeping a library breaker instead of a hand-written one was under 1 µs (1,000 "
                + "ns) per call.\n");
        headlines.put("circuit breaker",
                "a node's breaker costs %.0f ns per Redis call (acquire and record)".formatted(nanos));
    }

}
