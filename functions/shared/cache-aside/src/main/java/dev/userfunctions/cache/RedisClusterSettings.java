package dev.userfunctions.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the Redis Cluster and how long to wait for it. Immutable; build with
 * {@link #builder()}.
 *
 * <p>
 * Defaults are the {@code DEFAULT_*} constants below. The limits users may set are
 * checked where users set them (the functions' settings), once; this class checks only
 * that there is something to connect to and that its timeouts are positive.
 */
public final class RedisClusterSettings {

    /** Redis command timeout: 250 ms. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);

    /**
     * How long setting up a plain connection may take (TCP connect and login): 500 ms, so
     * that a silent seed or master holds the first connection up for less than the
     * start-up wait.
     */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(500);

    /**
     * How long setting up a TLS connection may take (TCP connect, TLS handshake, login):
     * 2 s. A new JVM's first TLS handshake took 0.5 s at 0.58 vCPU on its own, longer
     * beside the rest of init; with 250 ms every first connection timed out in
     * LambdaTlsColdStartIT.
     */
    public static final Duration DEFAULT_TLS_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /**
     * How long the end of a start (or of a SnapStart restore) waits for the first
     * connection: 1.5 s, counted against Lambda's 10 s init limit.
     */
    public static final Duration DEFAULT_STARTUP_WAIT = Duration.ofMillis(1500);

    /**
     * The start-up wait over TLS: 3 s. A new JVM's first TLS connections cost CPU that
     * the rest of init competes for (JSSE's set-up, then a handshake per connection): at
     * 0.58 vCPU the connection is made only after the rest of init, and with 1.5 s first
     * invocations bypassed the cache; with 3 s none did (LambdaTlsColdStartIT).
     */
    public static final Duration DEFAULT_TLS_STARTUP_WAIT = Duration.ofSeconds(3);

    private static final String NO_SEED = "At least one Redis Cluster seed (host:port) is required";

    private final List<NodeAddress> seeds;

    private final RedisLogin login;

    private final boolean tls;

    private final Path tlsTrust;

    private final AddressMap addressMap;

    private final Duration commandTimeout;

    private final Duration connectTimeout;

    private final Duration startupWait;

    private final Duration topologyRefreshPeriod;

    private RedisClusterSettings(Builder builder) {
        if (builder.seeds.isEmpty()) {
            throw new IllegalArgumentException(NO_SEED);
        }
        this.seeds = List.copyOf(builder.seeds);
        this.login = builder.login;
        this.tls = builder.tls;
        this.tlsTrust = builder.tlsTrust;
        this.addressMap = builder.addressMap;
        // Lettuce waits without limit for a timeout that is not positive: the one check
        // kept here, for the library's own callers (the functions' settings check the
        // limits users may set).
        this.commandTimeout = positive(builder.commandTimeout, "command timeout");
        this.connectTimeout = positive(builder.connectTimeout != null ? builder.connectTimeout
                : tls ? DEFAULT_TLS_CONNECT_TIMEOUT : DEFAULT_CONNECT_TIMEOUT, "connect timeout");
        this.startupWait = builder.startupWait != null ? builder.startupWait
                : tls ? DEFAULT_TLS_STARTUP_WAIT : DEFAULT_STARTUP_WAIT;
        this.topologyRefreshPeriod = builder.topologyRefreshPeriod;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<NodeAddress> seeds() {
        return seeds;
    }

    /** Who to log in as; empty when the cluster needs no password. */
    public Optional<RedisLogin> login() {
        return Optional.ofNullable(login);
    }

    public boolean tls() {
        return tls;
    }

    /**
     * The certificates (PEM) of the authorities to trust for the nodes' TLS certificates,
     * instead of the JVM's trust store: for a private CA. Host names are always verified.
     */
    public Optional<Path> tlsTrust() {
        return Optional.ofNullable(tlsTrust);
    }

    public AddressMap addressMap() {
        return addressMap;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    /**
     * How long setting up a connection may take: TCP connect, TLS handshake and login
     * ({@code HELLO}/{@code AUTH}). Commands have {@link #commandTimeout()}.
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long {@link ClusterConnection#awaitStartup()}, and a first caller before it,
     * wait for the first connection before the cache is bypassed while it keeps trying in
     * the background: {@link #DEFAULT_STARTUP_WAIT}, or {@link #DEFAULT_TLS_STARTUP_WAIT}
     * over TLS, unless set.
     */
    public Duration startupWait() {
        return startupWait;
    }

    /**
     * A periodic topology refresh besides the adaptive triggers and the epoch check after
     * idleness; none by default. Each refresh opens a short-lived connection to every
     * seed, and a frozen process catches up the periods it missed back to back when it is
     * thawed.
     */
    public Optional<Duration> topologyRefreshPeriod() {
        return Optional.ofNullable(topologyRefreshPeriod);
    }

    private static Duration positive(Duration value, String what) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("The " + what + " must be positive, was " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "RedisClusterSettings[seeds=" + seeds + ", tls=" + tls
                + (tlsTrust == null ? "" : ", tlsTrust=" + tlsTrust) + ", login="
                + (login == null ? "none" : login.current()) + ", addressMap=" + addressMap + ", commandTimeout="
                + commandTimeout.toMillis() + "ms, connectTimeout=" + connectTimeout.toMillis() + "ms]";
    }

    public static final class Builder {

        private List<NodeAddress> seeds = List.of();

        private RedisLogin login;

        private boolean tls;

        private Path tlsTrust;

        private AddressMap addressMap = AddressMap.NONE;

        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;

        /** Null for the default of the transport: plain or TLS. */
        private Duration connectTimeout;

        /** Null for the default of the transport: plain or TLS. */
        private Duration startupWait;

        private Duration topologyRefreshPeriod;

        private Builder() {
        }

        /** Seeds as {@code host:port,host:port}, the form of {@code REDIS_NODES}. */
        public Builder seeds(String commaSeparated) {
            Objects.requireNonNull(commaSeparated, "seeds");
            this.seeds = Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(seed -> !seed.isEmpty())
                .map(NodeAddress::parse)
                .toList();
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException(NO_SEED);
            }
            return this;
        }

        /** A login that can change (a rotated secret): asked at every handshake. */
        public Builder login(RedisLogin login) {
            this.login = login;
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

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** A PEM file of the authorities to trust, with {@link #tls(boolean)}. */
        public Builder tlsTrust(Path tlsTrust) {
            this.tlsTrust = tlsTrust;
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

        public RedisClusterSettings build() {
            return new RedisClusterSettings(this);
        }

    }

}
