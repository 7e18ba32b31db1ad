package dev.userfunctions.users.config;

import dev.userfunctions.cache.RedisClusterSettings;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * {@code REDIS_NODES} (comma-separated {@code host:port} seeds; when unset the functions
 * run without a cache and say so at start-up), {@code REDIS_USERNAME} (an ACL or
 * ElastiCache RBAC user; unset for the default user), {@code REDIS_PASSWORD},
 * {@code REDIS_TLS} (default false), {@code REDIS_TLS_TRUST} (a PEM file of the
 * authorities to trust for the nodes' certificates, for a private CA; the JVM's trust
 * store when unset), {@code REDIS_CONNECT_TIMEOUT} (how long setting a connection up may
 * take, its TLS handshake and login included; milliseconds when a bare number),
 * {@code REDIS_ADDRESS_MAP} ({@code announced=reachable,…}) and
 * {@code REDIS_TOPOLOGY_REFRESH} (a periodic re-read of the cluster layout besides the
 * adaptive triggers and the epoch check after idleness, none when unset: see
 * {@link RedisClusterSettings#topologyRefreshPeriod()}).
 */
public record RedisSettings(String nodes, String username, String password, boolean tls, String tlsTrust,
        Duration connectTimeout, String addressMap, Duration topologyRefresh) {

    static final String NODES_ALLOWED = "comma-separated host:port seeds of the Redis Cluster, such as "
            + "redis-1:6379,redis-2:6379";
    static final String ADDRESS_MAP_ALLOWED = "comma-separated announced=reachable pairs: host:port=host:port, "
            + "or host=host to keep the port";
    static final DurationSetting TOPOLOGY_REFRESH = DurationSetting.between("redis.topology-refresh", null,
            Duration.ofSeconds(1), Duration.ofDays(1), ChronoUnit.SECONDS, "10", "30s, 5m");

    static final String TLS_TRUST_ALLOWED = "a readable PEM file of CA certificates, with REDIS_TLS=true";

    /** Unset: the cache library's default for the transport, plain or TLS. */
    static final DurationSetting CONNECT_TIMEOUT = new DurationSetting("redis.connect-timeout", null,
            Duration.ofMillis(100), Duration.ofSeconds(30), ChronoUnit.MILLIS, "2000", "2s, 500ms",
            DurationSetting.spoken(RedisClusterSettings.DEFAULT_CONNECT_TIMEOUT) + "; "
                    + DurationSetting.spoken(RedisClusterSettings.DEFAULT_TLS_CONNECT_TIMEOUT)
                    + " with REDIS_TLS=true");

    public static RedisSettings from(SettingSource settings) {
        return new RedisSettings(settings.text("redis.nodes"), settings.text("redis.username"),
                settings.text("redis.password"), settings.flag("redis.tls", false), settings.text("redis.tls-trust"),
                settings.duration(CONNECT_TIMEOUT), settings.text("redis.address-map"),
                settings.duration(TOPOLOGY_REFRESH));
    }

    public RedisSettings {
        username = username == null || username.isBlank() ? null : username;
        tlsTrust = tlsTrust == null || tlsTrust.isBlank() ? null : tlsTrust;
        connectTimeout = CONNECT_TIMEOUT.resolve(connectTimeout);
        topologyRefresh = TOPOLOGY_REFRESH.resolve(topologyRefresh);
    }

    @Override
    public String toString() {
        return "RedisSettings[nodes=" + nodes + ", username=" + username + ", tls=" + tls + ", tlsTrust=" + tlsTrust
                + ", connectTimeout=" + connectTimeout + ", password=" + (password == null ? "none" : "***")
                + ", addressMap=" + addressMap + ", topologyRefresh=" + topologyRefresh + "]";
    }
}
