package dev.userfunctions.cache;

import dev.userfunctions.embedded.EmbeddedRedisCluster;
import dev.userfunctions.fixtures.FreezingProxy;
import dev.userfunctions.embedded.RedisNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every open connection to the cluster dies silently while the nodes stay healthy: each
 * node sits behind a {@link FreezingProxy} that stops forwarding on the connections it
 * holds but forwards new ones, and {@code REDIS_ADDRESS_MAP} points the client at the
 * proxies. Under steady reads no caller may see an error, and hits must come back without
 * a restart: three command timeouts (750 ms) open a node's breaker, which replaces its
 * sockets; the probe after the 2 s cool-down goes over a fresh one. Bound: 5 s.
 */
class DeadConnectionIT {

    private static final Logger log = LoggerFactory.getLogger(DeadConnectionIT.class);

    private static final ValueCodec<String> CODEC = JsonValueCodec.of(String.class);

    private static final Duration HITS_BACK_WITHIN = Duration.ofSeconds(5);

    private static EmbeddedRedisCluster cluster;

    private static List<FreezingProxy> proxies;

    @BeforeAll
    static void startClusterBehindProxies() {
        cluster = EmbeddedRedisCluster.start();
        proxies = cluster.nodes().stream().map(node -> FreezingProxy.to(node.port())).toList();
    }

    @AfterAll
    static void stop() {
        proxies.forEach(FreezingProxy::close);
        cluster.close();
    }

    record Read(long atNanos, CacheOutcome outcome, long micros) {
    }

    @Test
    void connectionsThatDieSilentlyAreReplacedAndHitsComeBackWithoutARestart() throws Exception {
        List<RedisNode> nodes = cluster.nodes();
        String addressMap = IntStream.range(0, nodes.size())
            .mapToObj(i -> nodes.get(i).address() + "=127.0.0.1:" + proxies.get(i).port())
            .collect(Collectors.joining(","));
        String seeds = proxies.stream().map(proxy -> "127.0.0.1:" + proxy.port()).collect(Collectors.joining(","));
        ClusterConnection connection = ClusterConnection
            .open(RedisClusterSettings.builder().seeds(seeds).addressMap(AddressMap.parse(addressMap)).build());
        CacheAside cache = ClusterCacheAside.withMeters(connection,
                CacheSettings.named("dead-sockets").withSingleFlight(true), new SimpleMeterRegistry());
        try {
            List<String> keys = IntStream.range(0, 200).mapToObj(i -> "dead:v1:k:" + UUID.randomUUID()).toList();
            keys.forEach(key -> cache.getOrLoad(key, CODEC, () -> Optional.of("value of " + key)));
            assertThat(keys).allSatisfy(key -> assertThat(cache.getOrLoad(key, CODEC, Optional::empty).outcome())
                .isEqualTo(CacheOutcome.HIT));

            List<Read> reads = Collections.synchronizedList(new ArrayList<>());
            ReadingThreads readers = ReadingThreads.start(4, Duration.ofMillis(2), (thread, i) -> {
                String key = keys.get((thread * 50 + i) % keys.size());
                long start = System.nanoTime();
                CacheResult<String> result = cache.getOrLoad(key, CODEC, () -> Optional.of("value of " + key));
                assertThat(result.value()).contains("value of " + key);
                reads.add(new Read(start, result.outcome(), (System.nanoTime() - start) / 1000));
            });
            pause(500);
            long frozenAt = System.nanoTime();
            proxies.forEach(FreezingProxy::freezeOpenConnections);

            long deadline = frozenAt + Duration.ofSeconds(15).toNanos();
            Long hitsBackAt = null;
            while (System.nanoTime() < deadline && hitsBackAt == null) {
                pause(100);
                hitsBackAt = firstWindowOfHits(reads, frozenAt);
            }
            readers.stop();

            long slowestMicros = reads.stream()
                .filter(read -> read.atNanos() >= frozenAt)
                .mapToLong(Read::micros)
                .max()
                .orElse(0);
            log.info("Dead sockets: {} reads after the freeze, hits back after {} ms, slowest read {} ms",
                    reads.stream().filter(read -> read.atNanos() >= frozenAt).count(),
                    hitsBackAt == null ? "never" : (hitsBackAt - frozenAt) / 1_000_000, slowestMicros / 1000);
            assertThat(readers.escaped()).as("no error reaches a caller").isEmpty();
            assertThat(hitsBackAt).as("hits came back at all (within 15 s)").isNotNull();
            assertThat(Duration.ofNanos(hitsBackAt - frozenAt)).as("hits back within the bound")
                .isLessThan(HITS_BACK_WITHIN);
            assertThat(slowestMicros)
                .as("no read waits longer than a command timeout and a write-back timeout, with margin")
                .isLessThan(Duration.ofMillis(750).toNanos() / 1000);
        }
        finally {
            connection.close();
        }
    }

    /**
     * The start of the first 250 ms window after the freeze in which at least 95 % of the
     * reads (and 10 or more) were hits.
     */
    static Long firstWindowOfHits(List<Read> reads, long after) {
        List<Read> sorted;
        synchronized (reads) {
            sorted = reads.stream()
                .filter(read -> read.atNanos() > after)
                .sorted((a, b) -> Long.compare(a.atNanos(), b.atNanos()))
                .toList();
        }
        long window = Duration.ofMillis(250).toNanos();
        int end = 0;
        int hits = 0;
        for (int begin = 0; begin < sorted.size(); begin++) {
            long start = sorted.get(begin).atNanos();
            while (end < sorted.size() && sorted.get(end).atNanos() < start + window) {
                hits += sorted.get(end).outcome() == CacheOutcome.HIT ? 1 : 0;
                end++;
            }
            int count = end - begin;
            if (end < sorted.size() && count >= 10 && hits >= 0.95 * count) {
                return start;
            }
            hits -= sorted.get(begin).outcome() == CacheOutcome.HIT ? 1 : 0;
        }
        return null;
    }

    /** Sleeps without the interrupt boilerplate in the readers. */
    private static void pause(long millis) {
        LockSupport.parkNanos(Duration.ofMillis(millis).toNanos());
    }

}
