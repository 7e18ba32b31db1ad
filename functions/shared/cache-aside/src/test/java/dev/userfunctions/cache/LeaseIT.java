package dev.userfunctions.cache;

import dev.userfunctions.cache.lease.LeaseProtocol;
import dev.userfunctions.cache.lease.LoadFailedException;
import dev.userfunctions.embedded.EmbeddedRedisCluster;
import dev.userfunctions.fixtures.EmbeddedStackExtension;
import io.lettuce.core.RedisURI;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease discipline of {@link CacheAside} against the embedded Redis Cluster. */
@ExtendWith(EmbeddedStackExtension.class)
class LeaseIT {

    private static EmbeddedRedisCluster cluster;

    @AutoClose
    private static ClusterConnection connection;

    private static SimpleMeterRegistry registry;

    private static CacheAside cache;

    @BeforeAll
    static void connect(EmbeddedRedisCluster embedded) {
        cluster = embedded;
        connection = ClusterConnection.open(RedisClusterSettings.builder().seeds(cluster.seeds()).build());
        registry = new SimpleMeterRegistry();
        cache = ClusterCacheAside.withMeters(connection, CacheSettings.named("leases").withSingleFlight(true),
                registry);
    }

    private static String freshKey() {
        return "test:v1:lease:" + UUID.randomUUID();
    }

    /**
     * Lambda freezes an environment as soon as its answer is out: by then the miss's
     * write-back must have been applied, or the key holds the lease (and every other
     * environment waits on it) until the thaw. Read over a second connection the moment
     * each miss returns.
     */
    @Test
    void whenAMissReturnsItsValueIsAlreadyInRedis() {
        try (ClusterConnection observer = ClusterConnection
            .open(RedisClusterSettings.builder().seeds(cluster.seeds()).build())) {
            var reads = observer.current().orElseThrow().sync();
            int leasesSeen = 0;
            for (int i = 0; i < 200; i++) {
                String key = freshKey();
                CacheResult<Person> miss = cache.getOrLoad(key, Person.CODEC, () -> Optional.of(new Person("ly1", 1)));
                byte[] stored = reads.get(key);
                assertThat(miss.outcome()).isEqualTo(CacheOutcome.MISS);
                if (stored == null || LeaseProtocol.isLease(stored)) {
                    leasesSeen++;
                }
            }
            assertThat(leasesSeen).as("misses that returned before their value was stored").isZero();
        }
    }

    @Test
    void aKeyInvalidatedDuringTheLoadIsNotWrittenBack() {
        String key = freshKey();

        CacheResult<Person> held = cache.getOrLoad(key, Person.CODEC, () -> {
            assertThat(cache.invalidate(List.of(key)).deleted()).as("the lease was there to delete").isEqualTo(1);
            return Optional.of(new Person("old", 1));
        });
        CacheResult<Person> next = cache.getOrLoad(key, Person.CODEC, () -> Optional.of(new Person("new", 2)));

        assertThat(held.value()).contains(new Person("old", 1));
        assertThat(next.outcome()).as("nothing was stored by the superseded load").isEqualTo(CacheOutcome.MISS);
        assertThat(next.value()).contains(new Person("new", 2));
        assertThat(registry.get("cache.writebacks").tag("result", "superseded").counter().count())
            .isGreaterThanOrEqualTo(1);
    }

    @Test
    void independentInstancesOnAColdKeyLoadItOnce() throws Exception {
        int instances = 8;
        List<ClusterConnection> connections = new ArrayList<>();
        List<CacheAside> caches = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            ClusterConnection own = ClusterConnection
                .open(RedisClusterSettings.builder().seeds(cluster.seeds()).build());
            connections.add(own);
            caches
                .add(ClusterCacheAside.withMeters(own, CacheSettings.named("instance" + i), new SimpleMeterRegistry()));
        }
        try {
            for (int round = 0; round < 5; round++) {
                assertThat(Stampede.loads(caches, freshKey(), Duration.ofMillis(50)))
                    .as("MongoDB loads of one cold key by %d processes", instances)
                    .isEqualTo(1);
            }
        }
        finally {
            connections.forEach(ClusterConnection::close);
        }
    }

    @Test
    void aLeaseLeftByACrashedProcessCostsOneLeaseWaitAndNoWriteBack() {
        String key = freshKey();
        byte[] orphan = ByteBuffer.allocate(17).put((byte) 1).putLong(42).putLong(43).array();
        var commands = connection.current().orElseThrow().sync();
        commands.set(key, orphan, io.lettuce.core.SetArgs.Builder.px(10_000));

        long start = System.nanoTime();
        CacheResult<Person> result = cache.getOrLoad(key, Person.CODEC, () -> Optional.of(new Person("loaded", 5)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.value()).contains(new Person("loaded", 5));
        assertThat(result.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(took).as("the 250 ms lease wait, then the load")
            .isBetween(Duration.ofMillis(240), Duration.ofMillis(750));
        assertThat(commands.get(key)).as("another process's lease is left alone").isEqualTo(orphan);
    }

    @Test
    void aValueThatArrivesWhileWaitingOnALeaseIsAHit() throws Exception {
        String key = freshKey();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ClusterConnection other = ClusterConnection.open(RedisClusterSettings.builder().seeds(cluster.seeds()).build());
        try {
            CacheAside otherProcess = ClusterCacheAside.withMeters(other, CacheSettings.named("other"),
                    new SimpleMeterRegistry());
            var loader = Executors.newSingleThreadExecutor();
            Future<CacheResult<Person>> leader = loader.submit(() -> otherProcess.getOrLoad(key, Person.CODEC, () -> {
                loading.countDown();
                await(finish);
                return Optional.of(new Person("shared", 9));
            }));
            assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
            AtomicInteger ownLoads = new AtomicInteger();
            var timer = Executors.newSingleThreadScheduledExecutor();
            timer.schedule(finish::countDown, 50, TimeUnit.MILLISECONDS);
            timer.shutdown();

            CacheResult<Person> waited = cache.getOrLoad(key, Person.CODEC, () -> {
                ownLoads.incrementAndGet();
                return Optional.of(new Person("own", 0));
            });

            assertThat(waited.outcome()).isEqualTo(CacheOutcome.HIT);
            assertThat(waited.value()).contains(new Person("shared", 9));
            assertThat(ownLoads).hasValue(0);
            assertThat(leader.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(CacheOutcome.MISS);
            loader.shutdownNow();
        }
        finally {
            other.close();
        }
    }

    @Test
    void nodesThatForgotTheScriptsGetThemAgain() {
        for (var node : cluster.nodes()) {
            RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", node.port()));
            try (StatefulRedisConnection<String, String> direct = client.connect()) {
                direct.sync().scriptFlush();
            }
            finally {
                client.shutdown();
            }
        }
        String key = freshKey();

        CacheResult<Person> first = cache.getOrLoad(key, Person.CODEC, () -> Optional.of(new Person("scripted", 3)));
        CacheResult<Person> second = cache.getOrLoad(key, Person.CODEC, Optional::empty);

        assertThat(first.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(second.outcome()).as("written back by EVAL after NOSCRIPT").isEqualTo(CacheOutcome.HIT);
        assertThat(second.value()).contains(new Person("scripted", 3));
    }

    @Test
    void aFailedLoadGivesItsLeaseUp() {
        String key = freshKey();
        try {
            cache.getOrLoad(key, Person.CODEC, () -> {
                throw new IllegalStateException("MongoDB unreachable");
            });
        }
        catch (LoadFailedException expected) {
            // the caller's to handle
        }
        long start = System.nanoTime();
        CacheResult<Person> next = cache.getOrLoad(key, Person.CODEC, () -> Optional.of(new Person("after", 4)));

        assertThat(next.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no lease wait").isLessThan(Duration.ofMillis(200));
        assertThat(cache.getOrLoad(key, Person.CODEC, Optional::empty).outcome()).isEqualTo(CacheOutcome.HIT);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
