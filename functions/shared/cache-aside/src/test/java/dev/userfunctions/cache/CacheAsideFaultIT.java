package dev.userfunctions.cache;

import dev.userfunctions.embedded.EmbeddedRedisCluster;
import dev.userfunctions.embedded.RedisNode;
import io.lettuce.core.cluster.SlotHash;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault drills against a Redis Cluster of its own (the shared one stays healthy for the
 * other tests). Every bound asserted here follows from the defaults: 250 ms command
 * timeout, 500 ms connect timeout, 1.5 s start-up wait, 3 failures to open the bypass, 2
 * s cool-down, 1 s cluster-node-timeout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CacheAsideFaultIT {

    private static final Logger log = LoggerFactory.getLogger(CacheAsideFaultIT.class);

    private static final ValueCodec<String> CODEC = JsonValueCodec.of(String.class);

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(250);

    private static EmbeddedRedisCluster cluster;

    private ClusterConnection connection;

    private CacheAside cache;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedRedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void healCluster() {
        cluster.nodes().forEach(node -> {
            if (!node.isRunning()) {
                node.start();
            }
        });
        cluster.awaitHealthy(Duration.ofSeconds(30));
    }

    private void connect() {
        connection = ClusterConnection.open(RedisClusterSettings.builder().seeds(cluster.seeds()).build());
        cache = ClusterCacheAside.withMeters(connection, CacheSettings.named("fault").withSingleFlight(true),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void disconnect() {
        if (connection != null) {
            connection.close();
        }
    }

    private CacheResult<String> read(String key) {
        return cache.getOrLoad(key, CODEC, () -> Optional.of("value of " + key));
    }

    @Test
    @Order(1)
    void aKilledMasterCostsNoErrorAndHitsComeBackAfterFailover() throws Exception {
        connect();
        List<String> keys = IntStream.range(0, 300).mapToObj(i -> "fault:v1:k:" + UUID.randomUUID()).toList();
        keys.forEach(this::read);
        assertThat(keys).allSatisfy(key -> assertThat(read(key).outcome()).isEqualTo(CacheOutcome.HIT));

        RedisNode victim = cluster.masters().get(0);
        List<String> victimKeys = keys.stream().filter(key -> servedBy(victim, key)).toList();
        assertThat(victimKeys).isNotEmpty();

        List<Long> latenciesMillis = Collections.synchronizedList(new ArrayList<>());
        ReadingThreads readers = ReadingThreads.start(4, Duration.ofMillis(1), (thread, i) -> {
            long start = System.nanoTime();
            try {
                assertThat(read(keys.get(i % keys.size())).value()).isPresent();
            }
            finally {
                latenciesMillis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
            }
        });

        List<String> otherKeys = keys.stream().filter(key -> !servedBy(victim, key)).limit(60).toList();
        long killedAt = System.nanoTime();
        victim.kill();
        long otherHits = IntStream.range(0, 3)
            .boxed()
            .flatMap(round -> otherKeys.stream())
            .filter(key -> read(key).outcome() == CacheOutcome.HIT)
            .count();
        assertThat(otherHits).as("keys on the healthy masters stay hits while one master is down")
            .isGreaterThanOrEqualTo((long) (0.9 * 3 * otherKeys.size()));
        // How soon Redis promotes the replica is Redis's business (1 s node timeout, then
        // an election); how soon this client follows is ours.
        await("replica promoted").atMost(Duration.ofSeconds(30))
            .until(() -> cluster.masters().size() == 3 && !cluster.masters().contains(victim));
        Duration promotedAfter = Duration.ofNanos(System.nanoTime() - killedAt);
        await("hits on the failed-over slots").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> victimKeys.stream().allMatch(key -> read(key).outcome() == CacheOutcome.HIT));
        Duration hitsBackAfter = Duration.ofNanos(System.nanoTime() - killedAt);

        readers.stop();
        long slowest = latenciesMillis.stream().mapToLong(Long::longValue).max().orElseThrow();
        log.info("Failover drill: promoted after {} ms, hits back after {} ms, {} reads, slowest {} ms",
                promotedAfter.toMillis(), hitsBackAfter.toMillis(), latenciesMillis.size(), slowest);

        assertThat(readers.escaped()).as("no error reaches the caller").isEmpty();
        // Topology refreshes come at most 1 s apart while a breaker is open; the new
        // master's breaker may open on the commands Lettuce rejects while it connects,
        // which costs one 2 s cool-down.
        assertThat(hitsBackAfter.minus(promotedAfter)).as("hits back within 5 s of the promotion")
            .isLessThan(Duration.ofSeconds(5));
        assertThat(slowest)
            .as("no read waits for a connection being made: a command timeout at most, with a second's margin")
            .isLessThan(COMMAND_TIMEOUT.toMillis() + 1000);
    }

    @Test
    @Order(2)
    void aStoppedClusterIsBypassedAndUsedAgainOnceItIsBack() {
        connect();
        String key = "fault:v1:k:" + UUID.randomUUID();
        read(key);
        assertThat(read(key).outcome()).isEqualTo(CacheOutcome.HIT);

        cluster.stopAll();
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long start = System.nanoTime();
            CacheResult<String> result = read(key);
            latencies.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
            assertThat(result.value()).contains("value of " + key);
            assertThat(result.outcome()).isEqualTo(CacheOutcome.BYPASS);
        }
        assertThat(latencies.get(0)).as("first call within about the command timeout")
            .isLessThan(COMMAND_TIMEOUT.toMillis() + 250);
        assertBypassedWithoutWaiting(latencies.subList(3, latencies.size()));
        assertThat(cache.isBypassing()).isTrue();

        cluster.startAll();
        await("hits resume without a restart").atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> read(key).outcome() == CacheOutcome.HIT);
    }

    /**
     * The bypass is open: no call waits for Redis (none costs a command timeout), and
     * nearly all are immediate; a shared machine may pause any single call.
     */
    private static void assertBypassedWithoutWaiting(List<Long> latenciesMillis) {
        List<Long> sorted = latenciesMillis.stream().sorted().toList();
        assertThat(sorted.get(sorted.size() - 1)).as("no call waits a command timeout")
            .isLessThan(COMMAND_TIMEOUT.toMillis());
        assertThat(sorted.get((int) (sorted.size() * 0.95))).as("95 %% of the calls under 50 ms").isLessThan(50);
    }

    @Test
    @Order(3)
    void frozenNodesCostOneTimeoutThenNothing() {
        connect();
        String key = "fault:v1:k:" + UUID.randomUUID();
        read(key);
        cluster.nodes().forEach(RedisNode::freeze);
        try {
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                long start = System.nanoTime();
                assertThat(read(key).value()).contains("value of " + key);
                latencies.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
            }
            log.info("Frozen cluster: first reads took {} ms", latencies.subList(0, 5));
            assertThat(latencies.subList(0, 3)).as("each of the first failures costs about one command timeout")
                .allSatisfy(millis -> assertThat(millis).isBetween(COMMAND_TIMEOUT.toMillis() - 50,
                        COMMAND_TIMEOUT.toMillis() + 250));
            assertBypassedWithoutWaiting(latencies.subList(3, latencies.size()));
        }
        finally {
            cluster.nodes().forEach(RedisNode::thaw);
        }
        await("hits resume after the thaw").atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> read(key).outcome() == CacheOutcome.HIT);
    }

    @Test
    @Order(4)
    void unreachableSeedsDoNotHoldStartUp() {
        long start = System.nanoTime();
        connection = ClusterConnection
            .open(RedisClusterSettings.builder().seeds("127.0.0.1:1,10.255.255.1:6379").build());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        cache = ClusterCacheAside.withMeters(connection, CacheSettings.named("unreachable"), new SimpleMeterRegistry());

        assertThat(took).as("construction waits for no connection").isLessThan(Duration.ofMillis(1500));
        long callStart = System.nanoTime();
        CacheResult<String> result = read("fault:v1:k:x");
        assertThat(Duration.ofNanos(System.nanoTime() - callStart)).isLessThan(Duration.ofMillis(50));
        assertThat(result.outcome()).isEqualTo(CacheOutcome.BYPASS);
        assertThat(result.value()).contains("value of fault:v1:k:x");
        assertThat(cache.invalidate(List.of("a", "b")).failedKeys()).containsExactly("a", "b");
    }

    @Test
    @Order(5)
    void announcedAddressesThatCannotBeReachedMeanBypassNotAHangAndTheMapFixesIt() {
        String seedsByName = cluster.nodes()
            .stream()
            .map(node -> "localhost:" + node.port())
            .reduce((a, b) -> a + "," + b)
            .orElseThrow();
        // The nodes announce 127.0.0.1; send that to a black hole, as a container address
        // is from the host.
        long start = System.nanoTime();
        openMapped("unmapped", seedsByName, "127.0.0.1=10.255.255.1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        // The first read may wait out what is left of the start-up wait (counted from
        // open) for the first attempt; the later ones do not wait for it.
        for (int i = 0; i < 5; i++) {
            Duration bound = RedisClusterSettings.DEFAULT_COMMAND_TIMEOUT
                .plus(i == 0 ? RedisClusterSettings.DEFAULT_STARTUP_WAIT : Duration.ZERO);
            long callStart = System.nanoTime();
            assertThat(read("fault:v1:k:y").outcome()).isEqualTo(CacheOutcome.BYPASS);
            assertThat(Duration.ofNanos(System.nanoTime() - callStart)).as("read %d", i + 1).isLessThan(bound);
        }
        connection.close();

        openMapped("mapped", seedsByName, "127.0.0.1=localhost");
        String key = "fault:v1:k:" + UUID.randomUUID();
        assertThat(read(key).outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(read(key).outcome()).isEqualTo(CacheOutcome.HIT);
    }

    private void openMapped(String name, String seeds, String addressMap) {
        connection = ClusterConnection
            .open(RedisClusterSettings.builder().seeds(seeds).addressMap(AddressMap.parse(addressMap)).build());
        cache = ClusterCacheAside.withMeters(connection, CacheSettings.named(name), new SimpleMeterRegistry());
    }

    private boolean servedBy(RedisNode node, String key) {
        int slot = SlotHash.getSlot(key);
        return connection.current().orElseThrow().getPartitions().getMasterBySlot(slot).getUri().getPort() == node
            .port();
    }

}
