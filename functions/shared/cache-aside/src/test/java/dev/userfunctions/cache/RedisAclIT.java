package dev.userfunctions.cache;

import dev.userfunctions.embedded.EmbeddedRedisCluster;
import dev.userfunctions.embedded.RedisNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cache logged in as a Redis ACL user limited to the rule docs/DEPLOY.md gives
 * operators ({@link #DOCUMENTED_RULE}, checked against that page), on real redis-server
 * nodes: reads, write-backs, leases and invalidations all work with no denial in any
 * node's ACL LOG, and a wrong password is refused, saying so, serving without the cache.
 */
class RedisAclIT {

    /**
     * The least the cache needs, as docs/DEPLOY.md "Redis users" writes it: its keys, and
     * the commands it and Lettuce send.
     */
    static final String DOCUMENTED_RULE = "on resetkeys ~users:* resetchannels -@all +get +set +del +eval +evalsha "
            + "+ping +info +hello +client|setname +client|setinfo +client|list +cluster|nodes +cluster|info +cluster|myid +asking";

    private static final String USER = "users-cache";

    private static final String PASSWORD = "acl-" + UUID.randomUUID();

    /** A user with the documented rule but {@code GET}. */
    private static final String USER_WITHOUT_GET = "users-cache-noget";

    private static final ValueCodec<String> CODEC = JsonValueCodec.of(String.class);

    private static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedRedisCluster.start();
        for (RedisNode node : cluster.nodes()) {
            onNode(node,
                    connection -> connection.sync()
                        .dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8),
                                new CommandArgs<>(StringCodec.UTF8).add("SETUSER")
                                    .add(USER)
                                    .addValues(List.of((DOCUMENTED_RULE + " >" + PASSWORD).split(" ")))));
            onNode(node, connection -> connection.sync()
                .dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).add("SETUSER")
                            .add(USER_WITHOUT_GET)
                            .addValues(
                                    List.of((DOCUMENTED_RULE.replace(" +get ", " ") + " >" + PASSWORD).split(" ")))));
        }
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static void onNode(RedisNode node, Consumer<StatefulRedisConnection<String, String>> command) {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(node.host()).withPort(node.port()).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            command.accept(connection);
        }
        finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void theRuleIsTheOneOperatorsAreGiven() throws IOException {
        assertThat(Files.readString(Path.of("../../../docs/DEPLOY.md")))
            .contains("ACL SETUSER " + USER + " " + DOCUMENTED_RULE.replaceFirst("^on ", "on >PASSWORD "));
    }

    @Test
    void aUserLimitedToTheDocumentedRuleServesTheCache() {
        cluster.nodes().forEach(node -> onNode(node, connection -> connection.sync().aclLogReset()));
        CapturedLog log = CapturedLog.of(ClusterConnection.class);
        try (ClusterConnection connection = ClusterConnection.open(RedisClusterSettings.builder()
            .seeds(cluster.seeds())
            .login(RedisLogin.fixed(USER, PASSWORD))
            .startupWait(Duration.ofSeconds(5))
            .build())) {
            assertThat(connection.current()).as("logged in as " + USER).isPresent();
            CacheAside cache = ClusterCacheAside.withMeters(connection, CacheSettings.named("users"),
                    new SimpleMeterRegistry());
            String key = "users:v1:acl-" + UUID.randomUUID();

            assertThat(cache.getOrLoad(key, CODEC, () -> Optional.of("ly1")).outcome()).isEqualTo(CacheOutcome.MISS);
            assertThat(cache.getOrLoad(key, CODEC, () -> Optional.of("other")).outcome()).isEqualTo(CacheOutcome.HIT);
            InvalidationResult invalidated = cache.invalidate(List.of(key), Duration.ofSeconds(2));
            assertThat(invalidated.failedKeys()).isEmpty();
            assertThat(cache.getOrLoad(key, CODEC, () -> Optional.of("ly2")).value()).contains("ly2");
            assertThat(cache.clusterView().toString()).contains("in use");
        }
        finally {
            log.close();
        }
        assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage)
            .as("no command refused for a missing permission")
            .noneMatch(line -> line.contains("NOPERM"));
        for (RedisNode node : cluster.nodes()) {
            onNode(node,
                    connection -> assertThat(connection.sync().aclLog())
                        .as("denials in ACL LOG of " + node.address() + " (Lettuce's own commands included)")
                        .isEmpty());
        }
    }

    @Test
    void aMissingPermissionIsNamedAtStartUpAndOpensNoBreaker() {
        CapturedLog log = CapturedLog.of(PermissionCheck.class);
        AtomicInteger refusals = new AtomicInteger();
        RedisLogin fixed = RedisLogin.fixed(USER_WITHOUT_GET, PASSWORD);
        RedisLogin counting = new RedisLogin() {

            @Override
            public UserAndPassword current() {
                return fixed.current();
            }

            @Override
            public void refused() {
                refusals.incrementAndGet();
            }

        };
        try (ClusterConnection connection = ClusterConnection.open(RedisClusterSettings.builder()
            .seeds(cluster.seeds())
            .login(counting)
            .startupWait(Duration.ofSeconds(5))
            .build())) {
            CacheAside cache = ClusterCacheAside.withMeters(connection, CacheSettings.named("users"),
                    new SimpleMeterRegistry());
            await().atMost(Duration.ofSeconds(20)).until(() -> !errors(log).isEmpty());

            for (int i = 0; i < 20; i++) {
                CacheResult<String> read = cache.getOrLoad("users:v1:noget-" + i, CODEC, () -> Optional.of("ly1"));
                assertThat(read.value()).as("answered from the loader").contains("ly1");
            }
            assertThat(cache.clusterView().masters()).as("NOPERM is no node's failure: every breaker stays closed")
                .allSatisfy(master -> assertThat(master.cache()).isEqualTo(ClusterView.Use.IN_USE));
            assertThat(refusals).as("NOPERM is no refused login: the secret is not read again").hasValue(0);
        }
        finally {
            log.close();
        }
        assertThat(errors(log)).singleElement()
            .satisfies(line -> assertThat(line).contains("'" + USER_WITHOUT_GET + "' may not run GET (NOPERM")
                .doesNotContain("SET (")
                .contains("docs/DEPLOY.md \"Redis users\"")
                .doesNotContain(PASSWORD));
    }

    /** The ERROR lines logged so far (the check's DEBUG lines aside). */
    private static List<String> errors(CapturedLog log) {
        return log.events()
            .stream()
            .filter(event -> event.getLevel() == Level.ERROR)
            .map(ILoggingEvent::getFormattedMessage)
            .toList();
    }

    @Test
    void aWrongPasswordIsRefusedSayingSoAndTheCacheBypassed() {
        CapturedLog log = CapturedLog.of(ClusterConnection.class);
        try (ClusterConnection connection = ClusterConnection.open(RedisClusterSettings.builder()
            .seeds(cluster.seeds())
            .login(RedisLogin.fixed(USER, "not-" + PASSWORD))
            .startupWait(Duration.ofSeconds(2))
            .build())) {
            assertThat(connection.current()).as("no connection with a wrong password").isEmpty();
            CacheAside cache = ClusterCacheAside.withMeters(connection, CacheSettings.named("users"),
                    new SimpleMeterRegistry());
            assertThat(cache.getOrLoad("users:v1:acl-refused", CODEC, () -> Optional.of("ly1")).outcome())
                .isEqualTo(CacheOutcome.BYPASS);
        }
        finally {
            log.close();
        }
        assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage)
            .anySatisfy(line -> assertThat(line).contains("Redis refused the login")
                .contains("REDIS_USERNAME and REDIS_PASSWORD")
                .doesNotContain(PASSWORD));
    }

}
