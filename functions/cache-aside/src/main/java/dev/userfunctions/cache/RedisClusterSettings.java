package dev.userfunctions.cache;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach the Redis Cluster and how long to wait for it. Immutable; build with
 * {@link #builder()}.
 *
 * <p>
 * Defaults: command timeout 250 ms, connect timeout 500 ms, start-up wait 1 s, periodic
 * topology refresh every 10 s, reconnect back-off capped at 2 s.
 */
public final class RedisClusterSettings {

    private final List<HostAndPort> seeds;

    private final char[] password;

    private final boolean tls;

    private final AddressMap addressMap;

    private final Duration commandTimeout;

    private final Duration connectTimeout;

    private final Duration startupWait;

    private final Duration topologyRefreshPeriod;

    private final Duration maxReconnectDelay;

    private RedisClusterSettings(Builder builder) {
        if (builder.seeds.isEmpty()) {
            throw new IllegalArgumentException("At least one Redis Cluster seed (host:port) is required");
        }
        this.seeds = List.copyOf(builder.seeds);
        this.password = builder.password == null ? null : builder.password.clone();
        this.tls = builder.tls;
        this.addressMap = builder.addressMap;
        this.commandTimeout = positive(builder.commandTimeout, "command timeout");
        this.connectTimeout = positive(builder.connectTimeout, "connect timeout");
        this.startupWait = builder.startupWait;
        this.topologyRefreshPeriod = positive(builder.topologyRefreshPeriod, "topology refresh period");
        this.maxReconnectDelay = positive(builder.maxReconnectDelay, "reconnect delay");
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<HostAndPort> seeds() {
        return seeds;
    }

    char[] password() {
        return password == null ? null : password.clone();
    }

    public boolean tls() {
        return tls;
    }

    public AddressMap addressMap() {
        return addressMap;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long construction waits for the first connection before it returns and keeps
     * trying in the background.
     */
    public Duration startupWait() {
        return startupWait;
    }

    public Duration topologyRefreshPeriod() {
        return topologyRefreshPeriod;
    }

    public Duration maxReconnectDelay() {
        return maxReconnectDelay;
    }

    private static Duration positive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("The " + what + " must be positive, was " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "RedisClusterSettings[seeds=" + seeds + ", tls=" + tls + ", password="
                + (password == null ? "none" : "***") + ", addressMap=" + addressMap + ", commandTimeout="
                + commandTimeout.toMillis() + "ms, connectTimeout=" + connectTimeout.toMillis() + "ms]";
    }

    public static final class Builder {

        private List<HostAndPort> seeds = List.of();

        private char[] password;

        private boolean tls;

        private AddressMap addressMap = AddressMap.NONE;

        private Duration commandTimeout = Duration.ofMillis(250);

        private Duration connectTimeout = Duration.ofMillis(500);

        private Duration startupWait = Duration.ofSeconds(1);

        private Duration topologyRefreshPeriod = Duration.ofSeconds(10);

        private Duration maxReconnectDelay = Duration.ofSeconds(2);

        private Builder() {
        }

        /** Seeds as {@code host:port,host:port}, the form of {@code REDIS_NODES}. */
        public Builder seeds(String commaSeparated) {
            Objects.requireNonNull(commaSeparated, "seeds");
            this.seeds = Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(seed -> !seed.isEmpty())
                .map(HostAndPort::parse)
                .toList();
            return this;
        }

        public Builder seeds(List<HostAndPort> seeds) {
            this.seeds = List.copyOf(seeds);
            return this;
        }

        public Builder password(String password) {
            this.password = password == null || password.isEmpty() ? null : password.toCharArray();
            return this;
        }

        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        public Builder addressMap(AddressMap addressMap) {
            this.addressMap = Objects.requireNonNull(addressMap, "addressMap");
            return this;
        }

        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        /** Capped at 500 ms: a slow connect must never hold a request. */
        public Builder connectTimeout(Duration connectTimeout) {
            if (connectTimeout != null && connectTimeout.compareTo(Duration.ofMillis(500)) > 0) {
                throw new IllegalArgumentException(
                        "The connect timeout may be at most 500 ms, was " + connectTimeout.toMillis() + " ms");
            }
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder startupWait(Duration startupWait) {
            this.startupWait = Objects.requireNonNull(startupWait, "startupWait");
            return this;
        }

        public Builder topologyRefreshPeriod(Duration topologyRefreshPeriod) {
            this.topologyRefreshPeriod = topologyRefreshPeriod;
            return this;
        }

        public Builder maxReconnectDelay(Duration maxReconnectDelay) {
            this.maxReconnectDelay = maxReconnectDelay;
            return this;
        }

        public RedisClusterSettings build() {
            return new RedisClusterSettings(this);
        }

    }

    /** A Redis node address. */
    public record HostAndPort(String host, int port) {

        public HostAndPort {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("Empty host");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("Port out of range: " + port);
            }
        }

        /**
         * Parses {@code host:port}; IPv6 literals in brackets ({@code [::1]:7000}) are
         * accepted.
         */
        public static HostAndPort parse(String text) {
            String trimmed = text.trim();
            int colon = trimmed.lastIndexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new IllegalArgumentException("Expected host:port but got '" + text + "'");
            }
            String host = trimmed.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                return new HostAndPort(host, Integer.parseInt(trimmed.substring(colon + 1)));
            }
            catch (NumberFormatException e) {
                throw new IllegalArgumentException("Expected host:port but got '" + text + "'", e);
            }
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * Maps the addresses cluster nodes announce to addresses this process can reach, for
     * example {@code redis-node-1:6379=localhost:7001}. An entry without a port on the
     * left maps that host for every port; without a port on the right it keeps the
     * announced port.
     */
    public static final class AddressMap {

        public static final AddressMap NONE = new AddressMap(Map.of(), Map.of());

        private final Map<HostAndPort, String> byAddress;

        private final Map<String, String> byHost;

        private AddressMap(Map<HostAndPort, String> byAddress, Map<String, String> byHost) {
            this.byAddress = byAddress;
            this.byHost = byHost;
        }

        /**
         * Parses {@code announced=reachable,…} (the form of {@code REDIS_ADDRESS_MAP});
         * blank means none.
         */
        public static AddressMap parse(String text) {
            if (text == null || text.isBlank()) {
                return NONE;
            }
            Map<HostAndPort, String> byAddress = new LinkedHashMap<>();
            Map<String, String> byHost = new LinkedHashMap<>();
            for (String entry : text.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                String[] sides = entry.split("=", -1);
                if (sides.length != 2 || sides[0].isBlank() || sides[1].isBlank()) {
                    throw new IllegalArgumentException(
                            "Expected announced=reachable (host:port=host:port or host=host) but got '" + entry.trim()
                                    + "'");
                }
                String announced = sides[0].trim();
                String reachable = sides[1].trim();
                if (hasPort(reachable)) {
                    HostAndPort.parse(reachable); // refuses a port that is not a number
                                                  // in 1..65535
                }
                if (hasPort(announced)) {
                    byAddress.put(HostAndPort.parse(announced), reachable);
                }
                else {
                    byHost.put(announced, reachable);
                }
            }
            return new AddressMap(Map.copyOf(byAddress), Map.copyOf(byHost));
        }

        public boolean isEmpty() {
            return byAddress.isEmpty() && byHost.isEmpty();
        }

        /** Where to connect for a node that announces {@code announced}. */
        public HostAndPort map(HostAndPort announced) {
            String target = byAddress.get(announced);
            if (target == null) {
                target = byHost.get(announced.host());
            }
            if (target == null) {
                return announced;
            }
            return hasPort(target) ? HostAndPort.parse(target) : new HostAndPort(target, announced.port());
        }

        /**
         * host:port or [v6]:port; a bare IPv6 address (several colons, no brackets) is a
         * host.
         */
        private static boolean hasPort(String address) {
            int colon = address.lastIndexOf(':');
            if (colon < 0) {
                return false;
            }
            return address.startsWith("[") ? address.indexOf(']') < colon : address.indexOf(':') == colon;
        }

        @Override
        public String toString() {
            return isEmpty() ? "none" : byAddress + " " + byHost;
        }

    }

}
