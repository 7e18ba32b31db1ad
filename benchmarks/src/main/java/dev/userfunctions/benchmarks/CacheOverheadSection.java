package dev.userfunctions.benchmarks;

import dev.userfunctions.measure.Stats;

import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.getuser.GetUserConfiguration;
import dev.userfunctions.getuser.GetUserFunction;
import dev.userfunctions.users.UserCacheKeys;
import dev.userfunctions.users.UserRepository;
import dev.userfunctions.users.SeedBatch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.userfunctions.benchmarks.Markdown.number;
import static dev.userfunctions.benchmarks.Markdown.ratios;
import static dev.userfunctions.benchmarks.Markdown.table;

/** A getUser hit against a raw Lettuce GET of the same key. */
final class CacheOverheadSection extends StackSection {

    CacheOverheadSection(Path root, Map<String, String> headlines, EmbeddedStack stack) {
        super(root, headlines, stack);
    }

    @Override
    void measure() throws Exception {
        try (FunctionContext functions = FunctionContext.start(GetUserConfiguration.class, stack, "bench_overhead");
                PlainLettuce redis = new PlainLettuce(stack.redisSeeds())) {
            SeedBatch.covering("ly", 0, 100).forEach(functions.bean(UserRepository.class)::upsertBatch);
            GetUserFunction getUser = functions.bean(GetUserFunction.class);
            getUser.answer("ly1");
            String key = UserCacheKeys.byName("ly1");
            var sync = redis.sync();
            List<SideBySide.Result> runs = SideBySide.repeat(3, "getUser, hit", () -> getUser.answer("ly1"),
                    "raw Lettuce GET of the same key", () -> sync.get(key), STEADY_STATE_WARMUP, 20, 500);
            SideBySide.Result r = SideBySide.pooled(runs);
            double ratio = SideBySide.medianRatio(runs);
            md.append("getUser's whole hit path (validation, key, GET, JSON decode, the Answer), as "
                    + "`GetUserConfiguration` wires it, ")
                .append(("against a bare `GET` of the same key on a plain Lettuce cluster connection with the cache's "
                        + "codec, single caller, after %,d calls of each to reach the JIT's steady state; ")
                    .formatted(STEADY_STATE_WARMUP))
                .append("three runs of interleaved rounds (20 × 500 calls each).\n\n");
            md.append(table(List.of("", "median µs", "p99 µs"),
                    List.of(List.of(r.a(), number(r.aMedian()), number(Stats.percentile(r.aMicros(), 99))),
                            List.of(r.b(), number(r.bMedian()), number(Stats.percentile(r.bMicros(), 99))))));
            md.append(("\n**Ratio of medians: %.2f×** (median of the runs' ratios %s; the cache's own work is %.0f "
                    + "µs per hit on top of the round trip).\n")
                .formatted(ratio, ratios(runs.stream().map(SideBySide.Result::ratio).toList()),
                        r.aMedian() - r.bMedian()));
            md.append("\nA JFR profile of the hit loop "
                    + "(`JAVA_TOOL_OPTIONS=-XX:StartFlightRecording=filename=/tmp/jfr/,settings=profile ")
                .append("benchmarks/run.sh 1`) puts the CPU time of a hit in the Lettuce dispatch and the sync "
                        + "API's proxy (about half), ")
                .append("Jackson reading the user (a quarter, with a prepared `ObjectReader`), and "
                        + "Resilience4j's success event (a sixth); ")
                .append("validation, the key and the answer message are each under a microsecond. Most of a hit "
                        + "is waiting for Redis.\n");
            headlines.put("cache overhead", "a getUser hit costs %.2f× a raw Lettuce GET".formatted(ratio));
        }
    }

}
