package dev.userfunctions.users.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code REDIS_NODES} (comma-separated {@code host:port} seeds; when unset the functions run without a
 * cache and say so at start-up), {@code REDIS_PASSWORD}, {@code REDIS_TLS} (default false) and
 * {@code REDIS_ADDRESS_MAP} ({@code announced=reachable,…}).
 */
@ConfigurationProperties("redis")
public record RedisSettings(String nodes, String password, boolean tls, String addressMap) {

    @Override
    public String toString() {
        return "RedisSettings[nodes=" + nodes + ", tls=" + tls + ", password=" + (password == null ? "none" : "***")
                + ", addressMap=" + addressMap + "]";
    }
}
