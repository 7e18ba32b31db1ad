package dev.userfunctions.cache;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisClusterSettingsTest {

    @Test
    void parsesSeeds() {
        RedisClusterSettings settings = RedisClusterSettings.builder().seeds(" a:7000, b:7001 ,,[::1]:7002").build();
        assertThat(settings.seeds()).containsExactly(new NodeAddress("a", 7000), new NodeAddress("b", 7001),
                new NodeAddress("::1", 7002));
        assertThat(settings.commandTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(500))
            .as("less than the start-up wait: a silent node must not hold the first connection past it")
            .isLessThan(settings.startupWait());
    }

    @Test
    void aTlsConnectionMayTakeLongerToSetUpThanACommandUnlessSetOtherwise() {
        RedisClusterSettings tls = tls().build();
        assertThat(tls.connectTimeout()).isEqualTo(RedisClusterSettings.DEFAULT_TLS_CONNECT_TIMEOUT)
            .isGreaterThan(tls.commandTimeout())
            .isLessThan(tls.startupWait());
        assertThat(tls().connectTimeout(Duration.ofSeconds(1)).build().connectTimeout())
            .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aFirstTlsConnectionIsWaitedForLongerUnlessTheWaitIsSet() {
        assertThat(RedisClusterSettings.builder().seeds("a:1").build().startupWait())
            .isEqualTo(RedisClusterSettings.DEFAULT_STARTUP_WAIT);
        assertThat(tls().build().startupWait()).isEqualTo(RedisClusterSettings.DEFAULT_TLS_STARTUP_WAIT)
            .isGreaterThan(RedisClusterSettings.DEFAULT_STARTUP_WAIT);
        assertThat(tls().startupWait(Duration.ofSeconds(1)).build().startupWait()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rejectsBadSeedsWithTheOffendingText() {
        assertThatThrownBy(() -> RedisClusterSettings.builder().seeds("").build()).hasMessageContaining("At least one");
        assertThatThrownBy(() -> RedisClusterSettings.builder().seeds("redis-1")).hasMessageContaining("'redis-1'");
        assertThatThrownBy(() -> RedisClusterSettings.builder().seeds("redis-1:http"))
            .hasMessageContaining("host:port");
    }

    @Test
    void mapsAnnouncedAddressesByAddressOrByHost() {
        AddressMap map = AddressMap.parse("redis-node-1:6379=localhost:7001, redis-node-2=127.0.0.1");

        assertThat(map.map(new NodeAddress("redis-node-1", 6379))).isEqualTo(new NodeAddress("localhost", 7001));
        assertThat(map.map(new NodeAddress("redis-node-2", 6380))).isEqualTo(new NodeAddress("127.0.0.1", 6380));
        assertThat(map.map(new NodeAddress("redis-node-3", 6379))).isEqualTo(new NodeAddress("redis-node-3", 6379));
        assertThat(AddressMap.parse("  ").isEmpty()).isTrue();
    }

    @Test
    void rejectsMalformedMapEntries() {
        assertThatThrownBy(() -> AddressMap.parse("redis-node-1:6379")).hasMessageContaining("announced=reachable");
        assertThatThrownBy(() -> AddressMap.parse("a=b=c")).hasMessageContaining("'a=b=c'");
        assertThatThrownBy(() -> AddressMap.parse("a:1=b:99999")).hasMessageContaining("Port out of range");
        assertThatThrownBy(() -> AddressMap.parse("redis-1:6379=localhost:abc"))
            .hasMessageContaining("'localhost:abc'");
        assertThatThrownBy(() -> AddressMap.parse("redis-1:abc=localhost")).hasMessageContaining("'redis-1:abc'");
    }

    @Test
    void neverPrintsThePassword() {
        RedisClusterSettings settings = RedisClusterSettings.builder()
            .seeds("a:1")
            .login(RedisLogin.fixed("cache", "s3cret"))
            .build();
        assertThat(settings.toString()).doesNotContain("s3cret").contains("login=UserAndPassword[cache, ***]");
    }

    private static RedisClusterSettings.Builder tls() {
        return RedisClusterSettings.builder().seeds("a:1").tls(true);
    }

}
