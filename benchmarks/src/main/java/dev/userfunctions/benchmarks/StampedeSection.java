package dev.userfunctions.benchmarks;

import dev.userfunctions.measure.Stats;

import dev.userfunctions.cache.CacheResult;
import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.users.User;
import dev.userfunctions.users.SeedBatch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.userfunctions.benchmarks.Markdown.number;
import static dev.userfunctions.benchmarks.Markdown.table;

/** MongoDB loads when many callers miss the same key at once. */
final class StampedeSection extends StackSection {

    StampedeSection(Path root, Map<String, String> headlines, EmbeddedStack stack) {
        super(root, headlines, stack);
    }

    @Override
    void measure() throws Exception {
        int callers = 50;
        int keys = 20;
        Map<Boolean, List<Integer>> loadsPerKey = new LinkedHashMap<>();
        Map<Boolean, List<Double>> latencies = new LinkedHashMap<>();
        for (boolean singleFlight : new boolean[] { true, false }) {
            loadsPerKey.put(singleFlight, new ArrayList<>());
            latencies.put(singleFlight, new ArrayList<>());
        }
        AtomicInteger loads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try (Components on = new Components(stack, "bench_stampede", true,
                template -> new SlowRepository(template, loads));
                Components off = new Components(stack, "bench_stampede", false,
                        template -> new SlowRepository(template, loads))) {
            SeedBatch.covering("cold", 0, keys).forEach(on.users::upsertBatch);
            // Key -1 and -2 warm up threads, JIT and connections; they are not counted.
            for (int k = -2; k < keys; k++) {
                for (boolean singleFlight : new boolean[] { k % 2 == 0, k % 2 != 0 }) {
                    Components c = singleFlight ? on : off;
                    String name = "cold" + Math.max(k, 0);
                    c.cache.invalidate(List.of(name));
                    loads.set(0);
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Double>> calls = new ArrayList<>();
                    for (int i = 0; i < callers; i++) {
                        calls.add(pool.submit(() -> {
                            go.await();
                            long start = System.nanoTime();
                            CacheResult<User> result = c.cache.user(name, () -> c.users.findByName(name));
                            if (result.value().isEmpty()) {
                                throw new IllegalStateException("no user " + name);
                            }
                            return (System.nanoTime() - start) / 1e6;
                        }));
                    }
                    go.countDown();
                    List<Double> callLatencies = new ArrayList<>();
                    for (Future<Double> call : calls) {
                        callLatencies.add(call.get(30, TimeUnit.SECONDS));
                    }
                    if (k >= 0) {
                        latencies.get(singleFlight).addAll(callLatencies);
                        loadsPerKey.get(singleFlight).add(loads.get());
                    }
                }
            }
        }
        finally {
            pool.shutdownNow();
        }
        md.append(callers)
            .append(" concurrent callers on a cold key, ")
            .append(keys)
            .append(" keys per configuration (alternating), through the users cache on the ")
            .append("real cluster and MongoDB; the lookup is given a fixed extra 20 ms, a modelled round trip to "
                    + "a remote sharded cluster (the embedded MongoDB answers in about 1 ms, ")
            .append("which would hide the window in which callers pile up).\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (boolean singleFlight : new boolean[] { true, false }) {
            List<Integer> perKey = loadsPerKey.get(singleFlight);
            rows.add(List.of(singleFlight ? "single-flight (local server)" : "without single-flight",
                    "%.1f".formatted(perKey.stream().mapToInt(Integer::intValue).average().orElse(0)),
                    perKey.stream().mapToInt(Integer::intValue).max().orElse(0) + "",
                    number(Stats.median(latencies.get(singleFlight))),
                    number(Stats.percentile(latencies.get(singleFlight), 99))));
        }
        List<Integer> crossProcess = crossProcessStampede(stack, keys);
        rows.add(List.of(
                CROSS_PROCESS_INSTANCES + " independent instances × " + callers / CROSS_PROCESS_INSTANCES
                        + " callers (leases)",
                "%.1f".formatted(crossProcess.stream().mapToInt(Integer::intValue).average().orElse(0)),
                crossProcess.stream().mapToInt(Integer::intValue).max().orElse(0) + "", "", ""));
        md.append(table(List.of("", "MongoDB loads per cold key (mean)", "max", "caller median ms", "caller p99 ms"),
                rows));
        double on = loadsPerKey.get(true).stream().mapToInt(Integer::intValue).average().orElse(1);
        double off = loadsPerKey.get(false).stream().mapToInt(Integer::intValue).average().orElse(1);
        md.append("\nWithout single-flight the callers of one instance still cause one load: the first takes the "
                + "lease in Redis and the ")
            .append("others wait for its value, polling, which is what their higher latency shows. ")
            .append("The last row spreads the callers over independent instances, each with its own Redis "
                    + "Cluster connection and MongoDB ")
            .append("client, as separate Lambda environments are: single-flight cannot help across them, the "
                    + "lease in Redis does (one instance ")
            .append("takes it and loads, the others wait up to 250 ms for its value).\n");
        double across = crossProcess.stream().mapToInt(Integer::intValue).average().orElse(1);
        headlines.put("stampede",
                ("%d callers on a cold key: %.1f MongoDB loads with single-flight, %.1f without; %.1f across %d "
                        + "independent instances")
                    .formatted(callers, on, off, across, CROSS_PROCESS_INSTANCES));
    }

    private static final int CROSS_PROCESS_INSTANCES = 10;

    /**
     * MongoDB loads per cold key when the callers are spread over independent instances.
     */
    private static List<Integer> crossProcessStampede(EmbeddedStack stack, int keys) throws Exception {
        AtomicInteger loads = new AtomicInteger();
        List<Components> instances = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            for (int i = 0; i < CROSS_PROCESS_INSTANCES; i++) {
                instances.add(
                        new Components(stack, "bench_stampede", true, template -> new SlowRepository(template, loads)));
            }
            List<Integer> perKey = new ArrayList<>();
            for (int k = -2; k < keys; k++) {
                String name = "cold" + Math.max(k, 0);
                instances.get(0).cache.invalidate(List.of(name));
                loads.set(0);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    Components c = instances.get(i % CROSS_PROCESS_INSTANCES);
                    calls.add(pool.submit(() -> {
                        go.await();
                        return c.cache.user(name, () -> c.users.findByName(name)).value().orElseThrow();
                    }));
                }
                go.countDown();
                for (Future<?> call : calls) {
                    call.get(30, TimeUnit.SECONDS);
                }
                if (k >= 0) {
                    perKey.add(loads.get());
                }
            }
            return perKey;
        }
        finally {
            pool.shutdownNow();
            instances.forEach(Components::close);
        }
    }

}
