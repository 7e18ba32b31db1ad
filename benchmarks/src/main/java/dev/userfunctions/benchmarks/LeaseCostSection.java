package dev.userfunctions.benchmarks;

import dev.userfunctions.measure.Stats;

import dev.userfunctions.cache.CacheAside;
import dev.userfunctions.cache.CacheSettings;
import dev.userfunctions.cache.RedisClusterSettings;
import dev.userfunctions.cache.JsonValueCodec;
import dev.userfunctions.cache.ValueCodec;
import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.users.User;
import dev.userfunctions.users.SeedBatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.userfunctions.benchmarks.Markdown.number;
import static dev.userfunctions.benchmarks.Markdown.ratios;
import static dev.userfunctions.benchmarks.Markdown.table;

/** What the leases cost against a plain cache-aside protocol. */
final class LeaseCostSection extends StackSection {

    LeaseCostSection(Path root, Map<String, String> headlines, EmbeddedStack stack) {
        super(root, headlines, stack);
    }

    @Override
    void measure() throws Exception {
        RedisClusterSettings redisSettings = RedisClusterSettings.builder().seeds(stack.redisSeeds()).build();
        try (Components c = new Components(stack, "bench_leases");
                SpringCacheComparison spring = new SpringCacheComparison(stack.redisSeeds(), c.users);
                CacheAside ours = CacheAside.open(redisSettings, CacheSettings.named("bench_leases"),
                        new SimpleMeterRegistry());
                CacheAside withoutSingleFlight = CacheAside.open(redisSettings,
                        CacheSettings.named("bench_leases").withSingleFlight(false), new SimpleMeterRegistry())) {
            SeedBatch.covering("ly", 0, 100).forEach(c.users::upsertBatch);
            var sync = c.redis.sync();
            PlainCacheAside plain = new PlainCacheAside(sync);
            ours.awaitStartup();
            withoutSingleFlight.awaitStartup();
            ValueCodec<User> codec = JsonValueCodec.of(User.class);
            SpringCacheComparison.CachedLookup springLookup = spring.lookup();
            var springCache = spring.cacheManager().getCache("spring-users");
            String hitKey = "bench:v1:hit";
            ours.getOrLoad(hitKey, codec, () -> c.users.findByName("ly1"));
            AtomicInteger i = new AtomicInteger();
            // A miss: delete the key, then read it (ours: GET, lease, load,
            // compare-and-set; plain: GET, load, SET).
            Runnable oursMiss = () -> {
                String name = "ly" + (i.incrementAndGet() % 100);
                String key = "bench:v1:ours:" + name;
                ours.invalidate(List.of(key));
                ours.getOrLoad(key, codec, () -> c.users.findByName(name));
            };
            // The same miss with one caller, as on standard Lambda (one invocation per
            // environment at a time), where single-flight never shares a load.
            Runnable missWithoutSingleFlight = () -> {
                String name = "ly" + (i.incrementAndGet() % 100);
                String key = "bench:v1:ours:" + name;
                withoutSingleFlight.invalidate(List.of(key));
                withoutSingleFlight.getOrLoad(key, codec, () -> c.users.findByName(name));
            };
            Runnable plainMiss = () -> {
                String name = "ly" + (i.incrementAndGet() % 100);
                String key = "bench:v1:plain:" + name;
                sync.del(key);
                plain.getOrLoad(key, codec, () -> c.users.findByName(name));
            };
            List<Double> hitVsGet = new ArrayList<>();
            List<Double> hitVsPlain = new ArrayList<>();
            List<Double> missVsPlain = new ArrayList<>();
            List<Double> missVsSpring = new ArrayList<>();
            List<Double> singleFlightCost = new ArrayList<>();
            SideBySide.Result lastHit = null;
            SideBySide.Result lastSingleFlight = null;
            SideBySide.Result lastMiss = null;
            SideBySide.Result lastSpring = null;
            for (int run = 0; run < 3; run++) {
                SideBySide.Result rawGet = SideBySide.run("ours", () -> ours.getOrLoad(hitKey, codec, Optional::empty),
                        "raw GET", () -> sync.get(hitKey), 2000, 10, 500);
                SideBySide.Result plainHit = SideBySide.run("ours",
                        () -> ours.getOrLoad(hitKey, codec, Optional::empty), "plain GET + decode",
                        () -> plain.getOrLoad(hitKey, codec, Optional::empty), 2000, 10, 500);
                SideBySide.Result miss = SideBySide.run("ours", oursMiss, "plain", plainMiss, 300, 10, 100);
                SideBySide.Result springMiss = SideBySide.run("ours", oursMiss, "Spring", () -> {
                    String name = "ly" + (i.incrementAndGet() % 100);
                    springCache.evictIfPresent(name);
                    springLookup.findByName(name);
                }, 300, 10, 100);
                SideBySide.Result singleFlight = SideBySide.run("ours", oursMiss, "without single-flight",
                        missWithoutSingleFlight, 300, 10, 100);
                singleFlightCost.add(singleFlight.ratio());
                lastSingleFlight = singleFlight;
                hitVsGet.add(rawGet.ratio());
                hitVsPlain.add(plainHit.ratio());
                missVsPlain.add(miss.ratio());
                missVsSpring.add(springMiss.ratio());
                lastHit = plainHit;
                lastMiss = miss;
                lastSpring = springMiss;
            }
            RedisWork ourWork = redisWorkPerMiss(stack, oursMiss);
            RedisWork plainWork = redisWorkPerMiss(stack, plainMiss);
            md.append("The cache component alone (no function around it) against the protocol it had before "
                    + "leases, `GET`, then on a miss load ")
                .append("and `SET … PX` (reproduced in `PlainCacheAside`), on the same connection, codec and "
                        + "MongoDB; and a miss against Spring's ")
                .append("`@Cacheable` recipe of section 2. A miss here is a delete of the key, then the read: "
                        + "ours sends `GET`, `SET NX PX` (the lease), ")
                .append("the load, and `EVALSHA` (the compare-and-set). Each ratio is the median of three "
                        + "interleaved runs (10 × 500 hits or ")
                .append("10 × 100 misses each); the times are from the last run.\n\n");
            md.append(table(
                    List.of("", "ours, median µs", "reference, median µs", "ours / reference (median of 3 runs)",
                            "the 3 runs"),
                    List.of(List.of("hit vs raw `GET`", "", "", "%.2f×".formatted(Stats.median(hitVsGet)),
                            ratios(hitVsGet)),
                            List.of("hit vs plain cache-aside", number(lastHit.aMedian()), number(lastHit.bMedian()),
                                    "%.2f×".formatted(Stats.median(hitVsPlain)), ratios(hitVsPlain)),
                            List.of("miss vs plain cache-aside", number(lastMiss.aMedian()), number(lastMiss.bMedian()),
                                    "%.2f×".formatted(Stats.median(missVsPlain)), ratios(missVsPlain)),
                            List.of("miss vs Spring `@Cacheable`", number(lastSpring.aMedian()),
                                    number(lastSpring.bMedian()), "%.2f×".formatted(Stats.median(missVsSpring)),
                                    ratios(missVsSpring)),
                            List.of("miss vs the same without single-flight, one caller",
                                    number(lastSingleFlight.aMedian()), number(lastSingleFlight.bMedian()),
                                    "%.2f×".formatted(Stats.median(singleFlightCost)), ratios(singleFlightCost)))));
            md.append("\nThe last row is what single-flight costs where it never acts: on standard Lambda an "
                    + "environment ")
                .append("serves one invocation at a time, so a miss only registers its load and removes it (a "
                        + "hit never ")
                .append("reaches single-flight). It stays for the local server and Lambda Managed Instances, "
                        + "which serve ")
                .append("concurrent invocations in one JVM (section 7).\n");
            md.append(("\nRedis work per miss, counted by the nodes over 200 misses (`INFO commandstats`, the "
                    + "delete included): ours %.1f round trips ")
                .formatted(ourWork.roundTrips())
                .concat(("(%.1f commands, the script's own `GET` and `SET` included), plain %.1f round "
                        + "trips (%.1f commands).\n")
                    .formatted(ourWork.commands(), plainWork.roundTrips(), plainWork.commands())));
            headlines.put("lease cost",
                    ("a hit costs %.2f× the plain protocol's, a miss %.2f× (%.0f round trips to Redis instead of "
                            + "%.0f); single-flight costs a lone miss %.2f×")
                        .formatted(Stats.median(hitVsPlain), Stats.median(missVsPlain), ourWork.roundTrips(),
                                plainWork.roundTrips(), Stats.median(singleFlightCost)));
        }
    }

    /**
     * Per miss: commands the masters executed, and round trips (each script's two inner
     * commands not counted).
     */
    record RedisWork(double commands, double roundTrips) {
    }

    private static RedisWork redisWorkPerMiss(EmbeddedStack stack, Runnable miss) {
        int calls = 200;
        Set<String> data = Set.of("get", "set", "del", "evalsha", "eval");
        Set<String> scripts = Set.of("evalsha", "eval");
        long commandsBefore = stack.redis().commandCalls(data);
        long scriptsBefore = stack.redis().commandCalls(scripts);
        for (int n = 0; n < calls; n++) {
            miss.run();
        }
        double commands = (double) (stack.redis().commandCalls(data) - commandsBefore) / calls;
        double scriptRuns = (double) (stack.redis().commandCalls(scripts) - scriptsBefore) / calls;
        return new RedisWork(commands, commands - 2 * scriptRuns);
    }

}
