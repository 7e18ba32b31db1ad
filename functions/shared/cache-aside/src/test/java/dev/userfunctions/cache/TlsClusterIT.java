package dev.userfunctions.cache;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.userfunctions.embedded.EmbeddedRedisCluster;
import dev.userfunctions.embedded.RedisNode;
import dev.userfunctions.embedded.TlsFiles;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cache on a Redis Cluster that speaks TLS only (clients, cluster bus, replication),
 * its certificate signed by a private authority made for the test, naming only
 * {@code 127.0.0.1}: trusted through {@code REDIS_TLS_TRUST} it serves the cache with no
 * connection timing out; untrusted, or named otherwise, it is refused with a line that
 * says why; with an address map the names verified are the reachable ones; dropped
 * connections and a failover heal as without TLS.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsClusterIT {

    private static final ValueCodec<String> CODEC = JsonValueCodec.of(String.class);

    @TempDir
    static Path certificatesDirectory;

    private static TlsFiles certificates;

    private static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void start() {
        certificates = TlsFiles.generate(certificatesDirectory, List.of("IP:127.0.0.1"));
        cluster = EmbeddedRedisCluster.builder().tls(certificates).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static RedisClusterSettings.Builder trusted(String seeds) {
        return RedisClusterSettings.builder()
            .seeds(seeds)
            .tls(true)
            .tlsTrust(certificates.caCertificate())
            .startupWait(Duration.ofSeconds(5));
    }

    /** A new key, read once: cached. */
    private static String cachedKey(CacheAside cache) {
        String key = "users:v1:tls-" + UUID.randomUUID();
        cache.getOrLoad(key, CODEC, () -> Optional.of("ly1"));
        return key;
    }

    private static boolean hit(CacheAside cache, String key) {
        return cache.getOrLoad(key, CODEC, () -> Optional.of("ly1")).outcome() == CacheOutcome.HIT;
    }

    /**
     * The cache over the cluster, trusting its authority, connected within the start-up
     * wait.
     */
    private static CacheAside trustedCache() {
        CacheAside cache = CacheAside.open(trusted(cluster.seeds()).build(), CacheSettings.named("users"),
                new SimpleMeterRegistry());
        try {
            assertThat(cache.awaitStartup()).as("connected within the start-up wait").isTrue();
            return cache;
        }
        catch (AssertionError e) {
            cache.close();
            throw e;
        }
    }

    @Test
    @Order(1)
    void aTrustedClusterServesTheCacheAndNoConnectionTimesOut() {
        CapturedLog log = CapturedLog.of(ClusterConnection.class);
        try (CacheAside cache = trustedCache()) {
            String key = "users:v1:tls-" + UUID.randomUUID();

            assertThat(cache.getOrLoad(key, CODEC, () -> Optional.of("ly1")).outcome()).isEqualTo(CacheOutcome.MISS);
            assertThat(cache.getOrLoad(key, CODEC, () -> Optional.of("other")).outcome()).isEqualTo(CacheOutcome.HIT);
            assertThat(cache.clusterView().masters()).hasSize(3)
                .allSatisfy(master -> assertThat(master.cache()).isEqualTo(ClusterView.Use.IN_USE));
        }
        finally {
            log.close();
        }
        assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage)
            .as("a healthy start over TLS logs no failure")
            .noneMatch(line -> line.contains("timed out") || line.contains("Cannot connect")
                    || line.contains("not reachable"));
    }

    @Test
    @Order(2)
    void aCertificateFromAnUntrustedAuthorityIsRefusedSayingWhatToTrust() {
        String line = refusal(RedisClusterSettings.builder().seeds(cluster.seeds()).tls(true));

        assertThat(line).contains("not signed by an authority this process trusts").contains("REDIS_TLS_TRUST");
    }

    @Test
    @Order(3)
    void aCertificateThatDoesNotNameTheSeedIsRefusedSayingSo() {
        String seedsByName = cluster.seeds().replace("127.0.0.1", "localhost");

        String line = refusal(trusted(seedsByName));

        assertThat(line).contains("does not name the address connected to").doesNotContain("REDIS_ADDRESS_MAP=");
    }

    @Test
    @Order(4)
    void withAnAddressMapTheNamesVerifiedAreTheOnesConnectedTo() {
        // The nodes announce 127.0.0.1, which the certificate names, but are reached as
        // "localhost", which it does not: Lettuce verifies the name it connects to.
        String line = refusal(trusted(cluster.seeds()).addressMap(AddressMap.parse("127.0.0.1=localhost")));

        assertThat(line).contains("does not name the address connected to").contains("No name matching localhost");
    }

    @Test
    @Order(5)
    void droppedConnectionsHeal() {
        try (CacheAside cache = trustedCache()) {
            String key = cachedKey(cache);

            cluster.nodes().forEach(TlsClusterIT::killClientConnections);

            await("hits again after every connection was dropped").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> hit(cache, key));
        }
    }

    @Test
    @Order(6)
    void aFailoverIsFollowed() {
        try (CacheAside cache = trustedCache()) {
            String key = cachedKey(cache);
            RedisNode master = cluster.masterOf(key);

            master.kill();

            await("hits again from the promoted replica").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> hit(cache, key) && cluster.masterOf(key) != master);
        }
    }

    /** The line the connection logs when it cannot connect with these settings. */
    private static String refusal(RedisClusterSettings.Builder settings) {
        CapturedLog log = CapturedLog.of(ClusterConnection.class);
        try (ClusterConnection connection = ClusterConnection
            .open(settings.startupWait(Duration.ofSeconds(2)).build())) {
            assertThat(connection.awaitStartup()).as("no connection").isFalse();
        }
        finally {
            log.close();
        }
        return log.events()
            .stream()
            .map(ILoggingEvent::getFormattedMessage)
            .filter(line -> line.startsWith("Cannot connect to the Redis Cluster"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no refusal logged: " + log.events()));
    }

    /**
     * {@code CLIENT KILL TYPE normal} on {@code node}, over TLS, sparing the asking one.
     */
    private static void killClientConnections(RedisNode node) {
        RedisClient client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
            .sslOptions(
                    SslOptions.builder().jdkSslProvider().trustManager(certificates.caCertificate().toFile()).build())
            .build());
        try (StatefulRedisConnection<String, String> admin = client
            .connect(RedisURI.builder().withHost(node.host()).withPort(node.port()).withSsl(true).build())) {
            admin.sync().clientKill(io.lettuce.core.KillArgs.Builder.typeNormal().skipme());
        }
        finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

}
