package dev.userfunctions.benchmarks;

import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.users.UserCacheKeys;
import dev.userfunctions.users.SeedBatch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.userfunctions.benchmarks.Markdown.number;
import static dev.userfunctions.benchmarks.Markdown.ratios;
import static dev.userfunctions.benchmarks.Markdown.table;

/** Our cache against Spring's @Cacheable over RedisCacheManager, hits and misses. */
final class SpringCacheSection extends StackSection {

    SpringCacheSection(Path root, Map<String, String> headlines, EmbeddedStack stack) {
        super(root, headlines, stack);
    }

    @Override
    void measure() throws Exception {
        try (Components c = new Components(stack, "bench_spring");
                SpringCacheComparison spring = new SpringCacheComparison(stack.redisSeeds(), c.users)) {
            SeedBatch.covering("ly", 0, 100).forEach(c.users::upsertBatch);
            SpringCacheComparison.CachedLookup lookup = spring.lookup();
            var springCache = spring.cacheManager().getCache("spring-users");
            AtomicInteger i = new AtomicInteger();
            Runnable ours = () -> {
                String name = "ly" + (i.incrementAndGet() % 100);
                c.cache.user(name, () -> c.users.findByName(name));
            };
            Runnable theirs = () -> {
                String name = "ly" + (i.incrementAndGet() % 100);
                lookup.findByName(name);
            };
            List<SideBySide.Result> hitRuns = SideBySide.repeat(3, "ours", ours, "@Cacheable + RedisCacheManager",
                    theirs, STEADY_STATE_WARMUP, 20, 500);
            var redis = c.redis.sync();
            Runnable oursMiss = () -> {
                String name = "ly" + (i.incrementAndGet() % 100);
                redis.del(UserCacheKeys.byName(name));
                c.cache.user(name, () -> c.users.findByName(name));
            };
            Runnable theirsMiss = () -> {
                String name = "ly" + (i.incrementAndGet() % 100);
                // evict may be deferred (spring-data-redis returns without waiting for
                // the DEL):
                // evictIfPresent deletes now, as ours does.
                springCache.evictIfPresent(name);
                lookup.findByName(name);
            };
            List<SideBySide.Result> missRuns = SideBySide.repeat(3, "ours", oursMiss, "@Cacheable + RedisCacheManager",
                    theirsMiss, 2000, 10, 200);
            SideBySide.Result hits = SideBySide.pooled(hitRuns);
            SideBySide.Result misses = SideBySide.pooled(missRuns);
            double hitRatio = 1 / SideBySide.medianRatio(hitRuns);
            double missRatio = 1 / SideBySide.medianRatio(missRuns);
            md.append("The same lookups through our cache-aside component and through Spring's cache abstraction "
                    + "(`@Cacheable` over ")
                .append("`RedisCacheManager` on spring-data-redis with Lettuce in cluster mode, 300 s TTL, 250 "
                        + "ms command timeout, JSON values) ")
                .append("on the same Redis Cluster and MongoDB. Hits: 100 cached users in turn. Misses: each "
                        + "call first deletes the entry ")
                .append("(a `DEL` of our key, Spring's `evictIfPresent`: its `evict` returns before the `DEL` is "
                        + "done, 4 µs instead ")
                .append("of a round trip, which made Spring's misses look a round trip cheaper in the previous "
                        + "runs), then reads it: ")
                .append("Spring's is GET + MongoDB + SET, ours GET + SET NX (the ")
                .append("lease) + MongoDB + the compare-and-set write-back, which the answer waits for. Three "
                        + "runs of interleaved ")
                .append("rounds each; the ratio is the median of the runs' ratios of medians.\n\n");
            md.append(table(List.of("workload", "ours, median µs", "Spring, median µs", "Spring / ours"), List.of(
                    List.of("hit", number(hits.aMedian()), number(hits.bMedian()),
                            "%.2f× (runs %s)".formatted(hitRatio,
                                    ratios(hitRuns.stream().map(run -> 1 / run.ratio()).toList()))),
                    List.of("miss", number(misses.aMedian()), number(misses.bMedian()), "%.2f× (runs %s)"
                        .formatted(missRatio, ratios(missRuns.stream().map(run -> 1 / run.ratio()).toList()))))));
            md.append("""

                    What the numbers do not show: Spring's recipe with typed JSON values cannot cache "not
                    found" (it must skip null results),
                    has no single-flight, no fail-open bypass (a Redis failure is an exception in the caller
                    unless a `CacheErrorHandler` is
                    written), and its keys are the raw argument, so a caller's `{…}` picks the slot.
                    """);
            headlines.put("vs Spring cache",
                    "Spring @Cacheable takes %.2f× our time on hits, %.2f× on misses".formatted(hitRatio, missRatio));
        }
    }

}
