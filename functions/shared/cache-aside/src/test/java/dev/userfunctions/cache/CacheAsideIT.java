package dev.userfunctions.cache;

import dev.userfunctions.cache.lease.LoadFailedException;
import dev.userfunctions.embedded.EmbeddedRedisCluster;
import dev.userfunctions.fixtures.EmbeddedStackExtension;
import io.lettuce.core.cluster.SlotHash;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(EmbeddedStackExtension.class)
class CacheAsideIT {

    @AutoClose
    private static ClusterConnection connection;

    private static CacheAside cache;

    private static SimpleMeterRegistry registry;

    @BeforeAll
    static void connect(EmbeddedRedisCluster cluster) {
        connection = ClusterConnection.open(RedisClusterSettings.builder().seeds(cluster.seeds()).build());
        registry = new SimpleMeterRegistry();
        cache = ClusterCacheAside.withMeters(connection, CacheSettings.named("people").withSingleFlight(true),
                registry);
        assertThat(connection.current()).as("connected during start-up").isPresent();
    }

    private static String freshKey() {
        return "test:v1:person:" + UUID.randomUUID();
    }

    @Test
    void missThenHitAndTheLoaderRunsOnce() {
        String key = freshKey();
        AtomicInteger loads = new AtomicInteger();
        var loader = (java.util.function.Supplier<Optional<Person>>) () -> {
            loads.incrementAndGet();
            return Optional.of(new Person("ly1", 1));
        };

        CacheResult<Person> first = cache.getOrLoad(key, Person.CODEC, loader);
        CacheResult<Person> second = cache.getOrLoad(key, Person.CODEC, loader);

        assertThat(first.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(second.outcome()).isEqualTo(CacheOutcome.HIT);
        assertThat(second.value()).contains(new Person("ly1", 1));
        assertThat(loads).hasValue(1);
        assertThat(registry.get("cache.gets").tag("result", "hit").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void absentAnswersAreCachedWithTheirOwnTtl() {
        String key = freshKey();
        AtomicInteger loads = new AtomicInteger();

        CacheResult<Person> first = cache.getOrLoad(key, Person.CODEC, () -> {
            loads.incrementAndGet();
            return Optional.empty();
        });
        CacheResult<Person> second = cache.getOrLoad(key, Person.CODEC, () -> {
            loads.incrementAndGet();
            return Optional.empty();
        });

        assertThat(first.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(second.outcome()).isEqualTo(CacheOutcome.HIT);
        assertThat(second.value()).isEmpty();
        assertThat(loads).hasValue(1);
        long ttl = connection.current().orElseThrow().sync().pttl(key);
        assertThat(ttl).as("negative TTL 30 s ± 10 %").isBetween(26_000L, 33_000L);
    }

    @Test
    void ttlsAreJitteredWithinTenPercent() {
        List<Long> ttls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String key = freshKey();
            cache.getOrLoad(key, Person.CODEC, () -> Optional.of(new Person("p", 1)));
            ttls.add(connection.current().orElseThrow().sync().pttl(key));
        }
        assertThat(ttls).allSatisfy(ttl -> assertThat(ttl).isBetween(268_000L, 330_000L));
        assertThat(ttls.stream().distinct().count()).as("jitter spreads expiry").isGreaterThan(30);
        assertThat(ttls.stream().mapToLong(Long::longValue).max().orElseThrow()
                - ttls.stream().mapToLong(Long::longValue).min().orElseThrow())
            .isGreaterThan(10_000L);
    }

    @Test
    void fiftyConcurrentMissesOnOneKeyCallTheLoaderOnce() throws Exception {
        assertThat(Stampede.loads(Collections.nCopies(50, cache), freshKey(), Duration.ofMillis(200))).isEqualTo(1);
    }

    @Test
    void aLoaderFailureReachesEveryWaitingCallerAndNothingIsCached() {
        String key = freshKey();
        IllegalStateException failure = new IllegalStateException("MongoDB unreachable");
        try {
            cache.getOrLoad(key, Person.CODEC, () -> {
                throw failure;
            });
        }
        catch (LoadFailedException e) {
            assertThat(e.loaderFailure()).isSameAs(failure);
            assertThat(e.outcome()).isEqualTo(CacheOutcome.MISS);
        }
        assertThat(connection.current().orElseThrow().sync().exists(key)).isZero();
    }

    @Test
    void aCorruptEntryIsAMissAndIsOverwritten() {
        String key = freshKey();
        connection.current().orElseThrow().sync().set(key, "{not json".getBytes(StandardCharsets.UTF_8));

        CacheResult<Person> result = cache.getOrLoad(key, Person.CODEC, () -> Optional.of(new Person("fixed", 3)));

        assertThat(result.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(result.value()).contains(new Person("fixed", 3));
        assertThat(cache.getOrLoad(key, Person.CODEC, Optional::empty).value()).contains(new Person("fixed", 3));
    }

    @Test
    void invalidatesAThousandKeysSpreadOverAllSlots() {
        CacheKeys keys = CacheKeys.of("inv", 1);
        String run = UUID.randomUUID().toString();
        List<String> all = IntStream.range(0, 1000).mapToObj(i -> keys.key("item", run + i)).toList();
        all.forEach(key -> cache.getOrLoad(key, Person.CODEC, () -> Optional.of(new Person(key, 1))));
        Set<Integer> slots = all.stream().map(SlotHash::getSlot).collect(Collectors.toSet());
        assertThat(slots).as("keys cover many slots on every master").hasSizeGreaterThan(900);

        InvalidationResult result = cache.invalidate(all);

        assertThat(result.requested()).isEqualTo(1000);
        assertThat(result.deleted()).isEqualTo(1000);
        assertThat(result.failedKeys()).isEmpty();
        var sync = connection.current().orElseThrow().sync();
        assertThat(all.stream().filter(key -> sync.exists(key) > 0)).isEmpty();
    }

    @Test
    void callerChosenBracesCannotPinASlot() {
        CacheKeys keys = CacheKeys.of("users", 1);
        List<String> pinned = IntStream.range(0, 200).mapToObj(i -> keys.key("name", "{same}" + i)).toList();

        assertThat(pinned).allSatisfy(key -> assertThat(key).doesNotContain("{").doesNotContain("}"));
        assertThat(pinned.stream().map(SlotHash::getSlot).distinct().count()).isGreaterThan(150);
        assertThat(SlotHash.getSlot("{same}1")).isEqualTo(SlotHash.getSlot("{same}2"));
    }

    static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

}
