package dev.userfunctions.cache;

import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.internal.HostAndPort;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DnsResolvers;
import io.lettuce.core.resource.MappingSocketAddressResolver;
import io.lettuce.core.resource.NettyCustomizer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lettuce's objects built from {@link RedisClusterSettings}: the client resources, the
 * seeds' URIs and the cluster client options. Every Lettuce option the cache depends on
 * is set here, with the reason.
 */
final class ClientSetup {

    /** Keys as UTF-8 text, values as the codec's bytes. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /**
     * Topology refreshes asked for by Lettuce's adaptive triggers or by
     * {@link TopologyWatcher#refreshSoon()} are at least this far apart.
     */
    static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(1);

    /**
     * TCP keep-alive: the first probe after 60 s of silence, then every 15 s, the socket
     * closed after 3 unanswered. Well inside the 350 s after which AWS NAT gateways and
     * VPC flow tracking drop an idle flow, so an idle connection is never dropped
     * silently; a dead peer is found within 105 s even with no command sent.
     */
    static final Duration KEEP_ALIVE_IDLE = Duration.ofSeconds(60);

    static final Duration KEEP_ALIVE_INTERVAL = Duration.ofSeconds(15);

    static final int KEEP_ALIVE_PROBES = 3;

    /**
     * The longest pause between Lettuce's attempts to reconnect to a node: 2 s, so that a
     * restarted node serves again within 2 s of coming back.
     */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

    /** The longest pause between two connect attempts: 5 s. */
    static final Duration MAX_CONNECT_RETRY = Duration.ofSeconds(5);

    /**
     * The pause before the nth connect attempt after n failed: from 250 ms, doubling, at
     * most 5 s, jittered so that a thousand environments that lost the cluster together
     * do not come back together (Lettuce's full jitter draws each pause between half the
     * exponential step and all of it).
     */
    static final Delay CONNECT_RETRY = Delay.fullJitter(Duration.ofMillis(250), MAX_CONNECT_RETRY, 500,
            TimeUnit.MILLISECONDS);

    private ClientSetup() {
    }

    /**
     * Resources that resolve the nodes' announced addresses through the address map and
     * hand each new channel to {@code channels}.
     */
    static ClientResources resources(RedisClusterSettings settings, NettyCustomizer channels) {
        AddressMap addressMap = settings.addressMap();
        return ClientResources.builder()
            .socketAddressResolver(MappingSocketAddressResolver.create(DnsResolvers.UNRESOLVED, announced -> {
                NodeAddress mapped = addressMap.map(new NodeAddress(announced.getHostText(), announced.getPort()));
                return HostAndPort.of(mapped.host(), mapped.port());
            }))
            // Lettuce times every command into its own histograms when LatencyUtils is on
            // the classpath (Micrometer brings it); nothing here reads them.
            .commandLatencyRecorder(CommandLatencyRecorder.disabled())
            .reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
            .nettyCustomizer(channels)
            .build();
    }

    static List<RedisURI> seedUris(RedisClusterSettings settings) {
        return settings.seeds().stream().map(seed -> {
            RedisURI.Builder uri = RedisURI.builder()
                .withHost(seed.host())
                .withPort(seed.port())
                .withSsl(settings.tls())
                .withVerifyPeer(SslVerifyMode.FULL)
                // Lettuce's limit on setting a connection up (its TLS handshake and login
                // included); commands have TimeoutOptions' command timeout.
                .withTimeout(settings.connectTimeout());
            // Asked at every handshake, so a rotated login is used from the next
            // reconnect on.
            settings.login().ifPresent(login -> uri.withAuthentication(RedisCredentialsProvider.from(() -> {
                RedisLogin.UserAndPassword current = login.current();
                return RedisCredentials.just(current.username(), current.password());
            })));
            return uri.build();
        }).toList();
    }

    static ClusterClientOptions clientOptions(RedisClusterSettings settings) {
        ClusterTopologyRefreshOptions.Builder refresh = ClusterTopologyRefreshOptions.builder();
        settings.topologyRefreshPeriod()
            .ifPresentOrElse(refresh::enablePeriodicRefresh, () -> refresh.enablePeriodicRefresh(false));
        ClusterTopologyRefreshOptions topologyRefresh = refresh
            // A refresh asks the seeds only, one short-lived connection each, not every
            // node of the cluster.
            .dynamicRefreshSources(false)
            .enableAllAdaptiveRefreshTriggers()
            .refreshTriggersReconnectAttempts(2)
            .adaptiveRefreshTriggersTimeout(MIN_REFRESH_INTERVAL)
            .build();
        ClusterClientOptions.Builder options = ClusterClientOptions.builder();
        // Redis Enterprise's maintenance notifications: Redis, Valkey and ElastiCache do
        // not offer them, and asking costs each connection a command an ACL user would
        // need a permission for. (Set apart: this setter returns the plain builder.)
        options.maintNotificationsConfig(MaintNotificationsConfig.disabled());
        settings.tlsTrust()
            .ifPresent(trust -> options
                .sslOptions(SslOptions.builder().jdkSslProvider().trustManager(trust.toFile()).build()));
        return options.disconnectedBehavior(ClusterClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
            .socketOptions(SocketOptions.builder()
                .connectTimeout(settings.connectTimeout())
                // keepAlive(true) would switch the idle, interval and count below off and
                // leave the OS's 2 hours.
                .keepAlive(SocketOptions.KeepAliveOptions.builder()
                    .enable()
                    .idle(KEEP_ALIVE_IDLE)
                    .interval(KEEP_ALIVE_INTERVAL)
                    .count(KEEP_ALIVE_PROBES)
                    .build())
                .build())
            .topologyRefreshOptions(topologyRefresh)
            // Failed or address-less nodes are not worth a connection attempt per
            // command.
            .nodeFilter(node -> !(node.is(RedisClusterNode.NodeFlag.FAIL)
                    || node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL) || node.is(RedisClusterNode.NodeFlag.NOADDR)))
            .build();
    }

}
