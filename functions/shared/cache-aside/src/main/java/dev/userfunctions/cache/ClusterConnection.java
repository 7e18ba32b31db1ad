package dev.userfunctions.cache;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
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
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one {@link RedisClusterClient} and the one cluster connection of this JVM, opened
 * once (in a Lambda's init phase) and used by every request after it.
 *
 * <p>
 * Never blocks start-up for long: the first connection is made in the background while
 * the rest of the application starts (in a Lambda, the rest of the init phase), and
 * {@link #awaitStartup()} at the end of the start (or of a SnapStart restore) waits for
 * it at most {@link RedisClusterSettings#startupWait()}, so that a healthy cluster serves
 * the first request; after that it keeps trying in the background while callers see no
 * connection and bypass the cache. Once connected, Lettuce reconnects to single nodes by
 * itself and follows failovers through its adaptive topology refresh (MOVED, ASK,
 * reconnect attempts, uncovered slots), and a caller after a second of idleness has the
 * cluster's epoch checked ({@link #IDLE_BEFORE_EPOCH_CHECK}); no periodic refresh unless
 * configured. Commands are rejected, not queued, while a node is disconnected.
 */
public final class ClusterConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterConnection.class);

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);

    private static final String CONNECTOR_THREAD = "redis-cluster-connector";

    /**
     * How long after a connection was made {@link #afterConnecting} listeners are told: 2
     * s.
     */
    static final Duration AFTER_CONNECTING = Duration.ofSeconds(2);

    /**
     * How often an {@link #afterConnecting} listener that got no answer is called again:
     * 5 times.
     */
    static final int AFTER_CONNECTING_TRIES = 5;

    /**
     * Topology refreshes asked for by Lettuce's adaptive triggers or by
     * {@link #refreshTopologySoon()} are at least this far apart.
     */
    private static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(1);

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
     * After this long without a caller, the next one has the cluster's epoch checked: one
     * {@code CLUSTER INFO} over an open connection, in the background, and a topology
     * refresh only when {@code cluster_current_epoch} moved (a failover, a node's slots
     * reassigned) or the check failed. What changed while the process was idle or frozen
     * is noticed at once without a periodic refresh, whose short-lived connections a
     * thawed Lambda environment would open for nothing.
     */
    static final Duration IDLE_BEFORE_EPOCH_CHECK = Duration.ofSeconds(1);

    private static final Pattern CURRENT_EPOCH = Pattern.compile("cluster_current_epoch:(\\d+)");

    private final RedisClusterSettings settings;

    private final ClientResources resources;

    private final RedisClusterClient client;

    private final ScheduledExecutorService connector;

    private final AtomicInteger failedAttempts = new AtomicInteger();

    /**
     * Completed by the next successful connect; replaced when the connection is
     * suspended.
     */
    private volatile CompletableFuture<StatefulRedisClusterConnection<String, byte[]>> nextConnection;

    /**
     * Every open channel to a Redis node, so that the ones to one node can be closed when
     * they stop answering.
     */
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

    private volatile StatefulRedisClusterConnection<String, byte[]> connection;

    /**
     * Where the connection's life is. Every change of state, of {@link #connection} and
     * of {@link #pendingAttempt} happens under {@link #lifecycle}.
     */
    private enum State {

        /** Attempts are made (or scheduled) until one connects. */
        CONNECTING,
        /** {@link #connection} is open. */
        CONNECTED,
        /**
         * Before a SnapStart snapshot: no connection, and no attempt may make one until
         * {@link #resume()}.
         */
        SUSPENDED,
        /** For good. */
        CLOSED

    }

    private final Object lifecycle = new Object();

    /**
     * Told of each new connection, on the connector's thread, {@link #AFTER_CONNECTING}
     * after it.
     */
    private final List<Predicate<StatefulRedisClusterConnection<String, byte[]>>> connectedListeners = new CopyOnWriteArrayList<>();

    private volatile State state = State.CONNECTING;

    /** The next attempt, while one is scheduled; cancelled by suspend and close. */
    private ScheduledFuture<?> pendingAttempt;

    /** The first connection attempt, started by {@link #open}. */
    private volatile CompletableFuture<Void> firstAttempt = CompletableFuture.completedFuture(null);

    private volatile long startupDeadlineNanos;

    private final AtomicBoolean startupWaitReported = new AtomicBoolean();

    private final AtomicLong nextRefreshAllowedNanos = new AtomicLong(System.nanoTime());

    private final AtomicLong lastCallerNanos = new AtomicLong(System.nanoTime());

    /** The cluster's epoch when last checked; -1 before the first check. */
    private final AtomicLong knownEpoch = new AtomicLong(-1);

    private ClusterConnection(RedisClusterSettings settings) {
        this.settings = settings;
        this.nextConnection = new CompletableFuture<>();
        AddressMap addressMap = settings.addressMap();
        this.resources = ClientResources.builder()
            .socketAddressResolver(MappingSocketAddressResolver.create(DnsResolvers.UNRESOLVED, announced -> {
                NodeAddress mapped = addressMap.map(new NodeAddress(announced.getHostText(), announced.getPort()));
                return HostAndPort.of(mapped.host(), mapped.port());
            }))
            // Lettuce times every command into its own histograms when LatencyUtils is on
            // the classpath (Micrometer brings it); nothing here reads them.
            .commandLatencyRecorder(CommandLatencyRecorder.disabled())
            .reconnectDelay(
                    Delay.exponential(Duration.ofMillis(50), settings.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS))
            .nettyCustomizer(new NettyCustomizer() {
                @Override
                public void afterChannelInitialized(Channel channel) {
                    channels.add(channel);
                    channel.closeFuture().addListener(closed -> channels.remove(channel));
                }
            })
            .build();
        this.client = RedisClusterClient.create(resources, seedUris(settings));
        this.client.setOptions(clientOptions(settings));
        this.connector = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, CONNECTOR_THREAD);
            thread.setDaemon(true);
            return thread;
        });
        onTopologyChange(masters -> connected().ifPresent(ClusterConnection::connectToMastersInBackground));
        resources.eventBus()
            .get()
            .filter(ReconnectFailedEvent.class::isInstance)
            .subscribe(event -> reportIfRefused(((ReconnectFailedEvent) event).getCause()));
    }

    /**
     * Tells the login's source when a node refused it, so a rotated secret is read again;
     * other failures are the breaker's and the reconnects' business.
     */
    private void reportIfRefused(Throwable failure) {
        if (RedisErrors.answered(failure, "WRONGPASS") || RedisErrors.answered(failure, "NOAUTH")) {
            settings.login().ifPresent(RedisLogin::refused);
        }
    }

    /**
     * Connects, waiting at most the configured start-up wait; never throws because Redis
     * is unreachable.
     */
    public static ClusterConnection open(RedisClusterSettings settings) {
        ClusterConnection clusterConnection = new ClusterConnection(settings);
        clusterConnection.startAttempt();
        return clusterConnection;
    }

    /**
     * The connection, once there is one. While the first attempt is still under way the
     * caller waits for it, at most until the start-up wait after opening is over.
     */
    public Optional<StatefulRedisClusterConnection<String, byte[]>> current() {
        StatefulRedisClusterConnection<String, byte[]> now = connection;
        if (now == null && !firstAttempt.isDone()) {
            awaitFirstAttempt();
            now = connection;
        }
        if (now != null) {
            checkEpochIfIdle(now);
        }
        return Optional.ofNullable(now);
    }

    private void checkEpochIfIdle(StatefulRedisClusterConnection<String, byte[]> open) {
        long now = System.nanoTime();
        if (now - lastCallerNanos.getAndSet(now) >= IDLE_BEFORE_EPOCH_CHECK.toNanos()) {
            checkEpoch(open);
        }
    }

    /**
     * Asks the cluster for its epoch in the background and refreshes the topology if it
     * moved since the last check, or if the check failed.
     */
    private void checkEpoch(StatefulRedisClusterConnection<String, byte[]> open) {
        try {
            open.async().clusterInfo().whenComplete((info, failure) -> {
                long epoch = failure == null ? currentEpoch(info) : -1;
                long known = knownEpoch.getAndSet(epoch);
                if (epoch < 0 || (known >= 0 && known != epoch)) {
                    log.debug("Redis Cluster epoch {} (was {}){}: refreshing the topology", epoch, known,
                            failure == null ? "" : ", " + ErrorMessages.describe(failure));
                    refreshTopologySoon();
                }
            });
        }
        catch (RuntimeException e) {
            refreshTopologySoon();
        }
    }

    private static long currentEpoch(String clusterInfo) {
        Matcher epoch = CURRENT_EPOCH.matcher(clusterInfo);
        return epoch.find() ? Long.parseLong(epoch.group(1)) : -1;
    }

    /**
     * Waits at most the start-up wait from now for a connection, at the end of a start or
     * a restore: a connection made in the background races the rest of the init phase,
     * and at a Lambda's fraction of a vCPU it often loses (5 of 10 first invocations
     * bypassed the cache at 0.58 vCPU when the wait was counted from {@link #open}).
     * Returns whether there is a connection.
     */
    public boolean awaitStartup() {
        synchronized (lifecycle) {
            startupDeadlineNanos = System.nanoTime() + settings.startupWait().toNanos();
        }
        // Any attempt, not only the first: at a fraction of a vCPU the first one's
        // handshake can time out while the rest of init holds the CPU, and the retry,
        // after init, connects.
        boolean connected = awaitConnection(settings.startupWait()).isPresent();
        if (!connected && !startupWaitReported.getAndSet(true)) {
            log.warn("Redis Cluster {} not connected within {} ms; serving without the cache and connecting in "
                    + "the background", settings.seeds(), settings.startupWait().toMillis());
        }
        return connected;
    }

    /**
     * The connection if there is one now, without waiting: for work in the background
     * (the connector's and the event bus's threads), which must not wait for an attempt
     * that may be queued behind it.
     */
    Optional<StatefulRedisClusterConnection<String, byte[]>> connected() {
        return Optional.ofNullable(connection);
    }

    private void awaitFirstAttempt() {
        long left = startupDeadlineNanos - System.nanoTime();
        try {
            firstAttempt.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException e) {
            if (!startupWaitReported.getAndSet(true)) {
                log.warn("Redis Cluster {} not connected within {} ms; serving without the cache and connecting in "
                        + "the background", settings.seeds(), settings.startupWait().toMillis());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException e) {
            log.warn("Redis Cluster connection attempt failed: {}", ErrorMessages.describe(e));
        }
    }

    /**
     * The connection, waiting at most {@code patience} for one that is still being made:
     * for writes, whose invalidations must not be skipped just because a cold process has
     * not connected yet.
     */
    public Optional<StatefulRedisClusterConnection<String, byte[]>> awaitConnection(Duration patience) {
        StatefulRedisClusterConnection<String, byte[]> now = connection;
        if (now != null || state == State.CLOSED || patience.isZero()) {
            return Optional.ofNullable(now);
        }
        try {
            return Optional.of(nextConnection.get(patience.toNanos(), TimeUnit.NANOSECONDS));
        }
        catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            return Optional.empty();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public RedisClusterSettings settings() {
        return settings;
    }

    /**
     * Closes this process's sockets to the node announced as {@code host:port} (wherever
     * the address map sends them); Lettuce reconnects them as after any dropped
     * connection. Returns how many were closed. For sockets that died silently: Lettuce
     * does not reconnect on command timeouts, and a socket that a NAT dropped, or that
     * belongs to a frozen or restored Lambda environment, may never report an error by
     * itself.
     */
    public int dropConnections(String host, int port) {
        NodeAddress reachable = settings.addressMap().map(new NodeAddress(host, port));
        int dropped = 0;
        for (Channel channel : channels) {
            if (channel.remoteAddress() instanceof InetSocketAddress remote && remote.getPort() == reachable.port()
                    && sameHost(remote, reachable.host())) {
                channel.close();
                dropped++;
            }
        }
        return dropped;
    }

    private static boolean sameHost(InetSocketAddress remote, String host) {
        if (remote.getHostString().equalsIgnoreCase(host)) {
            return true;
        }
        try {
            return remote.getAddress() != null && List.of(InetAddress.getAllByName(host)).contains(remote.getAddress());
        }
        catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * A node stopped answering (its breaker opened): its sockets may be dead without
     * knowing it (dropped by a NAT, frozen with the Lambda environment), and Lettuce does
     * not reconnect on timeouts. Closes them so that Lettuce reconnects, and after
     * {@code probeDelay} opens the node's connection again if closing it ended an attempt
     * still under way (a just-promoted replica), since a probe sent while it connects
     * would be rejected.
     */
    public void reconnectNode(String nodeId, Duration probeDelay) {
        connected().map(open -> open.getPartitions().getPartitionByNodeId(nodeId)).ifPresent(node -> {
            String host = node.getUri().getHost();
            int port = node.getUri().getPort();
            int closed = dropConnections(host, port);
            connectToNodeAfter(host, port, probeDelay);
            log.info("Closed {} connection(s) to Redis node {}:{}; Lettuce reconnects them for the next probe", closed,
                    host, port);
        });
    }

    /**
     * Makes sure, after {@code delay}, that this process has a connection to the node
     * announced as {@code host:port}, or is opening one. Lettuce opens a node's
     * connection when the first command for it arrives and rejects the commands that
     * arrive while it is being opened; a breaker's single probe would be one of them.
     */
    public void connectToNodeAfter(String host, int port, Duration delay) {
        connector.schedule(() -> connected().ifPresent(open -> connectInBackground(open, host, port)), delay.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /**
     * Asks for a topology refresh in the background, at most one per second, when the
     * caller has reason to think the topology changed. Lettuce's adaptive triggers need a
     * command to fail or a reconnect to be attempted; while a breaker keeps commands away
     * from a node neither happens, and a failover would otherwise be noticed only at the
     * next periodic refresh.
     */
    public void refreshTopologySoon() {
        long now = System.nanoTime();
        long allowedAt = nextRefreshAllowedNanos.get();
        if (connection == null || now - allowedAt < 0
                || !nextRefreshAllowedNanos.compareAndSet(allowedAt, now + MIN_REFRESH_INTERVAL.toNanos())) {
            return;
        }
        client.refreshPartitionsAsync().whenComplete((done, failure) -> {
            if (failure != null) {
                log.debug("Refreshing the Redis Cluster topology: {}", ErrorMessages.describe(failure));
            }
        });
    }

    /**
     * Calls {@code listener} with each new connection (the one already made, if any),
     * {@link #AFTER_CONNECTING} after it was made and only while it is still the
     * connection, on the connector's thread: for checks that must not compete with the
     * first requests of a new process. A listener that answers false (not done: it got no
     * answer) is called again as long again later, at most
     * {@link #AFTER_CONNECTING_TRIES} times per connection.
     */
    public void afterConnecting(Predicate<StatefulRedisClusterConnection<String, byte[]>> listener) {
        connectedListeners.add(listener);
        connected().ifPresent(open -> tellLater(listener, open, 1));
    }

    /**
     * Calls {@code listener} with the ids of the master nodes whenever the topology
     * changes (after a failover, a node joining or leaving).
     */
    public void onTopologyChange(Consumer<Set<String>> listener) {
        resources.eventBus()
            .get()
            .filter(ClusterTopologyChangedEvent.class::isInstance)
            .subscribe(event -> connected().ifPresent(open -> listener.accept(open.getPartitions()
                .stream()
                .filter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM))
                .map(RedisClusterNode::getNodeId)
                .collect(Collectors.toSet()))));
    }

    /**
     * Closes the connection, keeping the client: before a SnapStart snapshot, whose
     * sockets would belong to another machine after the restore. Reads bypass the cache
     * until {@link #resume()}.
     */
    public void suspend() {
        StatefulRedisClusterConnection<String, byte[]> open;
        synchronized (lifecycle) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.SUSPENDED;
            nextConnection = new CompletableFuture<>();
            open = takeConnection();
        }
        closeQuietly(open);
        // An attempt under way fails at once on its closed sockets instead of running out
        // its timeouts.
        channels.forEach(Channel::close);
        awaitConnectorIdle();
    }

    /**
     * Waits until the connector has finished what it was doing: an attempt that was
     * connecting as the suspension came sees it and closes what it opened, and that must
     * happen before the snapshot, not in it. Bounded: a connect attempt ends within its
     * own timeouts.
     */
    private void awaitConnectorIdle() {
        if (Thread.currentThread().getName().equals(CONNECTOR_THREAD)) {
            return;
        }
        // A connect attempt's stages, each within the connect timeout: the topology, the
        // seed's connection, the masters' connections.
        Duration wait = settings.connectTimeout().multipliedBy(3).plusSeconds(1);
        try {
            connector.submit(() -> {
            }).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            log.warn("Suspending the Redis Cluster connection: a connect attempt still running after {} ms ({})",
                    wait.toMillis(), ErrorMessages.describe(e));
        }
    }

    /**
     * Under {@link #lifecycle}: cancels a scheduled attempt and hands over the connection
     * for the caller to close outside the lock.
     */
    private StatefulRedisClusterConnection<String, byte[]> takeConnection() {
        if (pendingAttempt != null) {
            pendingAttempt.cancel(false);
            pendingAttempt = null;
        }
        StatefulRedisClusterConnection<String, byte[]> open = connection;
        connection = null;
        return open;
    }

    /**
     * Closes {@code open} and waits (2 s at most) until it is closed, so that nothing
     * closes it a second time.
     */
    private static void closeQuietly(StatefulRedisClusterConnection<String, byte[]> open) {
        if (open != null) {
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
    }

    /**
     * Connects again after {@link #suspend()}, in the background; the next caller waits
     * for it at most the start-up wait.
     */
    public void resume() {
        synchronized (lifecycle) {
            if (state != State.SUSPENDED) {
                return;
            }
            state = State.CONNECTING;
            startAttempt();
        }
    }

    /**
     * Starts connecting in the background; callers wait for it up to the start-up wait.
     */
    private void startAttempt() {
        synchronized (lifecycle) {
            startupDeadlineNanos = System.nanoTime() + settings.startupWait().toNanos();
            firstAttempt = CompletableFuture.runAsync(this::attemptConnect, connector);
        }
    }

    private void attemptConnect() {
        if (state != State.CONNECTING) {
            return;
        }
        StatefulRedisClusterConnection<String, byte[]> opened = null;
        try {
            opened = client.connect(CODEC);
            // The connection takes the seeds' timeout, which is the set-up's: calls wait
            // no longer than a command may take.
            opened.setTimeout(settings.commandTimeout());
            openShardConnections(opened);
        }
        catch (RuntimeException e) {
            if (opened != null) {
                closeQuietly(opened);
            }
            attemptFailed(e);
            return;
        }
        boolean kept;
        synchronized (lifecycle) {
            kept = state == State.CONNECTING;
            if (kept) {
                state = State.CONNECTED;
                connection = opened;
                failedAttempts.set(0);
                knownEpoch.set(-1);
                // Said before the callers waiting for it go on. DEBUG: a healthy start
                // logs nothing, so that a Lambda's init builds no log formatter.
                log.debug("Connected to the Redis Cluster through {}", settings.seeds());
                nextConnection.complete(opened);
            }
        }
        if (!kept) {
            // Suspended or closed while this attempt was connecting: a connection kept
            // now would end up in a snapshot, or leak.
            closeQuietly(opened);
            return;
        }
        checkEpoch(opened);
        tellConnected(opened);
    }

    /**
     * Schedules the next attempt, then says what failed: reporting comes second, so that
     * nothing it throws can end the retries.
     */
    private void attemptFailed(RuntimeException failure) {
        int attempt = failedAttempts.incrementAndGet();
        long delay = Math.min(MAX_RETRY_DELAY.toMillis(), 250L << Math.min(attempt, 5));
        synchronized (lifecycle) {
            if (state != State.CONNECTING) {
                return;
            }
            pendingAttempt = connector.schedule(this::attemptConnect, delay, TimeUnit.MILLISECONDS);
        }
        try {
            reportIfRefused(failure);
            if (attempt == 1) {
                log.warn(
                        "Cannot connect to the Redis Cluster {} ({}); serving without the cache and retrying "
                                + "every {} s at most. {}",
                        settings.seeds(), ErrorMessages.describe(failure), MAX_RETRY_DELAY.toSeconds(),
                        ConnectionFailures.hint(failure, settings));
            }
            else {
                log.debug("Redis Cluster connection attempt {} failed: {}", attempt, ErrorMessages.describe(failure));
            }
        }
        catch (RuntimeException reporting) {
            log.debug("Reporting a failed Redis Cluster connection attempt: {}", ErrorMessages.describe(reporting));
        }
    }

    private void tellConnected(StatefulRedisClusterConnection<String, byte[]> opened) {
        connectedListeners.forEach(listener -> tellLater(listener, opened, 1));
    }

    /** A listener's failure is its own: the connection stays made. */
    private void tellLater(Predicate<StatefulRedisClusterConnection<String, byte[]>> listener,
            StatefulRedisClusterConnection<String, byte[]> opened, int tried) {
        try {
            connector.schedule(() -> {
                if (connection != opened) {
                    return;
                }
                boolean done;
                try {
                    done = listener.test(opened);
                }
                catch (RuntimeException e) {
                    log.warn("After connecting to the Redis Cluster: {}", ErrorMessages.describe(e));
                    done = true;
                }
                if (!done && tried < AFTER_CONNECTING_TRIES) {
                    tellLater(listener, opened, tried + 1);
                }
            }, AFTER_CONNECTING.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException closed) {
            // Closed meanwhile: nothing to tell.
        }
    }

    /** The masters that serve slots, as this connection last saw the topology. */
    private static List<RedisClusterNode> mastersWithSlots(StatefulRedisClusterConnection<String, byte[]> open) {
        return open.getPartitions()
            .stream()
            .filter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty())
            .toList();
    }

    /**
     * After a topology change: a promoted replica gets its connection now rather than
     * from the first commands sent to it, which Lettuce would reject while it connects.
     */
    private static void connectToMastersInBackground(StatefulRedisClusterConnection<String, byte[]> open) {
        mastersWithSlots(open)
            .forEach(node -> connectInBackground(open, node.getUri().getHost(), node.getUri().getPort()));
    }

    private static void connectInBackground(StatefulRedisClusterConnection<String, byte[]> open, String host,
            int port) {
        try {
            // Slot routing pools connections by announced host and port.
            open.getConnectionAsync(host, port).whenComplete((connected, failure) -> {
                if (failure != null) {
                    log.debug("Connecting to Redis node {}:{}: {}", host, port, ErrorMessages.describe(failure));
                }
            });
        }
        catch (RuntimeException e) {
            log.debug("Connecting to Redis node {}:{}: {}", host, port, ErrorMessages.describe(e));
        }
    }

    /**
     * Opens the connection to every master now rather than on a request's first command
     * to it.
     */
    private void openShardConnections(StatefulRedisClusterConnection<String, byte[]> opened) {
        Map<RedisClusterNode, CompletableFuture<String>> pings = new LinkedHashMap<>();
        for (RedisClusterNode node : mastersWithSlots(opened)) {
            // Slot routing pools connections by announced host and port, so open them
            // under that key; all at once, so that a silent master costs one connect
            // timeout, not one each.
            pings.put(node, shardPing(opened, node));
        }
        long ownDeadline = System.nanoTime() + settings.connectTimeout().plus(settings.commandTimeout()).toNanos();
        long startupDeadline = startupDeadlineNanos;
        // A start that is waiting: a silent master must not hold it past its wait. Its
        // connection goes on being made.
        long deadline = startupDeadline - System.nanoTime() > 0 ? Math.min(ownDeadline, startupDeadline) : ownDeadline;
        pings.forEach((node, ping) -> awaitShard(opened, node, ping, deadline));
    }

    /**
     * Waits until {@code deadline} for a shard's ping; one that meets the connection
     * reconnecting (dropped as it was made: a node just restarted, a refresh replacing
     * it) is asked again within it. A shard that does not answer is reported.
     */
    private void awaitShard(StatefulRedisClusterConnection<String, byte[]> opened, RedisClusterNode node,
            CompletableFuture<String> ping, long deadline) {
        Throwable failure = pingFailure(ping, deadline);
        while (failure != null && RedisErrors.mentions(failure, NOT_CONNECTED)
                && deadline - System.nanoTime() > SHARD_PING_PAUSE.toNanos()) {
            LockSupport.parkNanos(SHARD_PING_PAUSE.toNanos());
            failure = pingFailure(shardPing(opened, node), deadline);
        }
        if (failure != null) {
            log.warn("Redis node {} (announced as {}) is not reachable: {}. {}", node.getNodeId(),
                    node.getUri().getHost() + ":" + node.getUri().getPort(), ErrorMessages.describe(failure),
                    ConnectionFailures.hint(failure, settings));
        }
    }

    /**
     * Why {@code ping} has not answered by {@code deadline}; null when it has, or when
     * the wait was interrupted.
     */
    private static Throwable pingFailure(CompletableFuture<String> ping, long deadline) {
        try {
            ping.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        catch (ExecutionException e) {
            return e.getCause();
        }
        catch (TimeoutException e) {
            return e;
        }
    }

    /** What Lettuce says of a command on a connection that is reconnecting, rejected. */
    private static final String NOT_CONNECTED = "Currently not connected";

    /** Between two pings of a shard whose connection was reconnecting. */
    private static final Duration SHARD_PING_PAUSE = Duration.ofMillis(50);

    private static CompletableFuture<String> shardPing(StatefulRedisClusterConnection<String, byte[]> opened,
            RedisClusterNode node) {
        try {
            return opened.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort())
                .thenCompose(shard -> shard.async().ping())
                .toCompletableFuture();
        }
        catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static List<RedisURI> seedUris(RedisClusterSettings settings) {
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

    private static ClusterClientOptions clientOptions(RedisClusterSettings settings) {
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

    @Override
    public void close() {
        StatefulRedisClusterConnection<String, byte[]> open;
        synchronized (lifecycle) {
            state = State.CLOSED;
            nextConnection.cancel(false);
            open = takeConnection();
        }
        connector.shutdownNow();
        closeQuietly(open);
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

}
