package dev.userfunctions.cache;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The one {@link RedisClusterClient} and the one cluster connection of this JVM, opened
 * once (in a Lambda's init phase) and used by every request after it.
 *
 * <p>
 * Never blocks start-up for long: the first connection is made in the background while
 * the rest of the application starts, and {@link #awaitStartup()} at the end of the start
 * (or of a SnapStart restore) waits for it at most
 * {@link RedisClusterSettings#startupWait()}; after that it keeps trying in the
 * background while callers see no connection and bypass the cache. Once connected,
 * Lettuce reconnects to single nodes by itself and follows failovers through its adaptive
 * topology refresh, helped by the {@link TopologyWatcher}. Commands are rejected, not
 * queued, while a node is disconnected.
 *
 * <p>
 * The connection's life is the {@link Connector}'s; this class wires it to Lettuce
 * ({@link ClientSetup}), the node sockets ({@link NodeSockets}), the topology and the
 * login's refusals ({@link CredentialWatcher}), and says in the log what went wrong.
 */
final class ClusterConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterConnection.class);

    private final RedisClusterSettings settings;

    private final ClientResources resources;

    private final RedisClusterClient client;

    private final NodeSockets sockets;

    private final Scheduler scheduler = new ConnectorThread();

    private final CredentialWatcher credentials;

    private final TopologyWatcher topology;

    private final AfterConnecting<StatefulRedisClusterConnection<String, byte[]>> afterConnecting;

    private final Connector<StatefulRedisClusterConnection<String, byte[]>> connector;

    private ClusterConnection(RedisClusterSettings settings) {
        this.settings = settings;
        this.sockets = new NodeSockets(settings.addressMap());
        this.resources = ClientSetup.resources(settings, sockets);
        this.client = RedisClusterClient.create(resources, ClientSetup.seedUris(settings));
        this.client.setOptions(ClientSetup.clientOptions(settings));
        this.credentials = CredentialWatcher.watching(resources, settings);
        // A connect attempt's stages, each within the connect timeout: the topology, the
        // seed's connection, the masters' connections.
        Duration attemptBound = settings.connectTimeout().multipliedBy(3).plusSeconds(1);
        this.connector = new Connector<>(new LettuceDialer(), new Reporter(), scheduler, ClientSetup.CONNECT_RETRY,
                settings.startupWait(), attemptBound);
        this.topology = new TopologyWatcher(client, connector::connected);
        this.afterConnecting = new AfterConnecting<>(scheduler, connector::connected);
        // A promoted replica gets its connection now rather than from the first commands
        // sent to it, which Lettuce would reject while it connects.
        topology.onChange(masters -> connector.connected().ifPresent(ShardWarmup::connectToMasters));
    }

    /**
     * Starts connecting in the background; never throws because Redis is unreachable.
     */
    static ClusterConnection open(RedisClusterSettings settings) {
        ClusterConnection clusterConnection = new ClusterConnection(settings);
        clusterConnection.connector.start();
        return clusterConnection;
    }

    /**
     * The connection, once there is one. A caller early in a start waits for the first
     * attempt, at most until the start-up wait is over.
     */
    Optional<StatefulRedisClusterConnection<String, byte[]>> current() {
        Optional<StatefulRedisClusterConnection<String, byte[]>> current = connector.current();
        current.ifPresent(topology::calling);
        return current;
    }

    /**
     * Waits at most the start-up wait from now for a connection, at the end of a start or
     * a restore: a connection made in the background races the rest of the init phase,
     * and at a Lambda's fraction of a vCPU it often loses (5 of 10 first invocations
     * bypassed the cache at 0.58 vCPU when the wait was counted from {@link #open}).
     * Returns whether there is a connection.
     */
    boolean awaitStartup() {
        boolean connected = connector.awaitStartup();
        if (!connected) {
            log.warn("Redis Cluster {} not connected within {} ms; serving without the cache and connecting in "
                    + "the background", settings.seeds(), settings.startupWait().toMillis());
        }
        return connected;
    }

    /**
     * The connection if there is one now, without waiting: for work in the background,
     * which must not wait for an attempt that may be queued behind it.
     */
    Optional<StatefulRedisClusterConnection<String, byte[]>> connected() {
        return connector.connected();
    }

    /**
     * The connection, waiting at most {@code patience} for one that is still being made:
     * for writes, whose invalidations must not be skipped just because a cold process has
     * not connected yet.
     */
    Optional<StatefulRedisClusterConnection<String, byte[]>> awaitConnection(Duration patience) {
        return connector.await(patience);
    }

    RedisClusterSettings settings() {
        return settings;
    }

    /**
     * A node stopped answering (its breaker opened): its sockets may be dead without
     * knowing it. In the background, closes them so that Lettuce reconnects, and after
     * {@code probeDelay} opens the node's connection again if closing it ended an attempt
     * still under way (a just-promoted replica), since a probe sent while it connects
     * would be rejected.
     */
    void reconnectNode(String nodeId, Duration probeDelay) {
        scheduler.schedule(
                () -> connected().map(open -> open.getPartitions().getPartitionByNodeId(nodeId)).ifPresent(node -> {
                    String host = node.getUri().getHost();
                    int port = node.getUri().getPort();
                    int closed = sockets.close(host, port);
                    connectToNodeAfter(host, port, probeDelay);
                    log.info("Closed {} connection(s) to Redis node {}:{}; Lettuce reconnects them for the next probe",
                            closed, host, port);
                }), Duration.ZERO);
    }

    /**
     * Makes sure, after {@code delay}, that this process has a connection to the node
     * announced as {@code host:port}, or is opening one. Lettuce opens a node's
     * connection when the first command for it arrives and rejects the commands that
     * arrive while it is being opened; a breaker's single probe would be one of them.
     */
    private void connectToNodeAfter(String host, int port, Duration delay) {
        scheduler.schedule(() -> connected().ifPresent(open -> ShardWarmup.connectInBackground(open, host, port)),
                delay);
    }

    /** See {@link TopologyWatcher#refreshSoon()}. */
    void refreshTopologySoon() {
        topology.refreshSoon();
    }

    /**
     * Calls {@code check} with each new connection (the one already made, if any), a
     * while after it was made; see {@link AfterConnecting}.
     */
    void afterConnecting(Predicate<StatefulRedisClusterConnection<String, byte[]>> check) {
        afterConnecting.add(check);
    }

    /**
     * Calls {@code listener} with the ids of the master nodes whenever the topology
     * changes (after a failover, a node joining or leaving).
     */
    void onTopologyChange(Consumer<Set<String>> listener) {
        topology.onChange(listener);
    }

    /**
     * Closes the connection, keeping the client: before a SnapStart snapshot, whose
     * sockets would belong to another machine after the restore. Reads bypass the cache
     * until {@link #resume()}.
     */
    void suspend() {
        if (!connector.suspend()) {
            log.warn("Suspending the Redis Cluster connection: a connect attempt was still running past its "
                    + "timeouts; what it opens when it ends is closed, also after a resume");
        }
    }

    /**
     * Connects again after {@link #suspend()}, in the background; the next caller waits
     * for it at most the start-up wait.
     */
    void resume() {
        connector.resume();
    }

    @Override
    public void close() {
        connector.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** Closes {@code open}, waiting until it is closed (2 s at most). */
    private static void closeQuietly(StatefulRedisClusterConnection<String, byte[]> open) {
        try {
            open.closeAsync().get(2, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (Exception e) {
            log.debug("Closing the Redis Cluster connection: {}", ErrorMessages.describe(e));
        }
    }

    /**
     * Lettuce's cluster connection, its masters' connections opened before it is used.
     */
    private final class LettuceDialer implements Connector.Dialer<StatefulRedisClusterConnection<String, byte[]>> {

        @Override
        public StatefulRedisClusterConnection<String, byte[]> dial(LongSupplier startupDeadlineNanos,
                BooleanSupplier abandoned) {
            StatefulRedisClusterConnection<String, byte[]> opened = client.connect(ClientSetup.CODEC);
            try {
                // The connection takes the seeds' timeout, which is the set-up's: calls
                // wait no longer than a command may take.
                opened.setTimeout(settings.commandTimeout());
                ShardWarmup.pingMasters(opened, settings, startupDeadlineNanos, abandoned);
                return opened;
            }
            catch (RuntimeException e) {
                closeQuietly(opened);
                throw e;
            }
        }

        @Override
        public void hangUp(StatefulRedisClusterConnection<String, byte[]> connection) {
            closeQuietly(connection);
        }

        @Override
        public void abortDialing() {
            sockets.closeAll();
        }

    }

    /** Says what the attempts came to, and passes a new connection on. */
    private final class Reporter implements Connector.Listener<StatefulRedisClusterConnection<String, byte[]>> {

        @Override
        public void connected(StatefulRedisClusterConnection<String, byte[]> connection) {
            // DEBUG: a healthy start logs nothing, so that a Lambda's init builds no log
            // formatter.
            log.debug("Connected to the Redis Cluster through {}", settings.seeds());
            topology.connected(connection);
            afterConnecting.connected(connection);
        }

        @Override
        public void failed(int failures, RuntimeException failure) {
            credentials.failed(failure);
            if (failures == 1) {
                log.warn(
                        "Cannot connect to the Redis Cluster {} ({}); serving without the cache and retrying "
                                + "every {} s at most. {}",
                        settings.seeds(), ErrorMessages.describe(failure), ClientSetup.MAX_CONNECT_RETRY.toSeconds(),
                        ConnectionFailures.hint(failure, settings));
            }
            else {
                log.debug("Redis Cluster connection attempt {} failed: {}", failures, ErrorMessages.describe(failure));
            }
        }

    }

}
