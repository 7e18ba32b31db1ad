package dev.userfunctions.cache;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Cache-aside over the shared Redis Cluster connection: read from Redis, load on a miss,
 * write back with a jittered TTL; "absent" answers are cached too, for their own TTL.
 *
 * <p>
 * <b>Leases</b> (the discipline of Facebook's memcache, NSDI 2013, on Redis): a miss
 * first takes a lease on its key ({@code SET key <lease> NX PX}, a fresh random token per
 * miss) and writes its loaded value back only if the key still holds that lease (a
 * compare-and-set script). An invalidation deletes the key and with it the lease, so a
 * load that began before a write can never store what it read. A caller that finds
 * another process's lease waits up to {@link CacheSettings#leaseWait()} for that value
 * instead of loading too.
 *
 * <p>
 * <b>Single-flight</b>: concurrent misses of one key in this JVM share one load. A caller
 * that joins a load takes its answer only if that answer is at least as new as the caller
 * itself: read from MongoDB after the caller arrived, or written back by a
 * compare-and-set sent after it arrived (nothing invalidated the key meanwhile).
 * Otherwise it looks the key up again, once, on its own: a write that completed before it
 * arrived is never hidden from it by a load that began before that write.
 *
 * <p>
 * Fails open: a Redis error or timeout is never the caller's problem, the value then
 * comes from the loader and the outcome says {@link CacheOutcome#BYPASS}. Loader
 * exceptions are the caller's and propagate unchanged. A hit is one {@code GET}; a miss
 * adds the lease and the compare-and-set, two round trips.
 */
public final class CacheAside {

    private static final Logger log = LoggerFactory.getLogger(CacheAside.class);

    /**
     * Stored for "known absent". JSON never starts with a NUL byte, so it cannot collide
     * with a value.
     */
    private static final byte[] ABSENT = { 0 };

    /**
     * First byte of a lease; JSON never starts with it either. A lease is this byte and
     * 16 random bytes.
     */
    private static final byte LEASE_MARK = 1;

    private static final int LEASE_LENGTH = 17;

    private static final long MAX_LEASE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final long MAX_INVALIDATION_RETRY_PAUSE_MILLIS = 500;

    /**
     * TTL jitter. Not ThreadLocalRandom: its seeds are in a SnapStart snapshot, and every
     * environment restored from it would draw the same jitters. The JVM's SecureRandom
     * (NativePRNG on Linux) mixes in /dev/urandom at every draw.
     */
    private static final SecureRandom JITTER = new SecureRandom();

    private final ClusterConnection redis;

    private final CacheSettings settings;

    private final NodeBreakers breakers;

    private final CacheMetrics metrics;

    private final Map<String, CompletableFuture<Loaded<?>>> inFlight = new ConcurrentHashMap<>();

    public CacheAside(ClusterConnection redis, CacheSettings settings, MeterRegistry registry) {
        this.redis = redis;
        this.settings = settings;
        this.metrics = new CacheMetrics(registry, settings.name(), this::bypassedNodes);
        this.breakers = new NodeBreakers(settings.name(), settings.failureThreshold(), settings.coolDown(), registry,
                this::replaceConnectionsOf);
        redis.onTopologyChange(breakers::retainOnly);
    }

    /**
     * The value for {@code key}, from Redis or else from {@code loader}, cached for the
     * default TTL.
     */
    public <V> CacheResult<V> getOrLoad(String key, ValueCodec<V> codec, Supplier<Optional<V>> loader) {
        return getOrLoad(key, codec, settings.ttl(), loader);
    }

    /**
     * As {@link #getOrLoad(String, ValueCodec, Supplier)}, with a TTL of its own for
     * present values.
     */
    public <V> CacheResult<V> getOrLoad(String key, ValueCodec<V> codec, Duration ttl, Supplier<Optional<V>> loader) {
        Lookup lookup = lookUp(key);
        CacheResult<V> hit = hit(key, lookup, codec);
        if (hit != null) {
            return hit;
        }
        if (!settings.singleFlight()) {
            return loadThrough(key, codec, ttl, loader, lookup).result();
        }
        CompletableFuture<Loaded<?>> mine = new CompletableFuture<>();
        CompletableFuture<Loaded<?>> leader = inFlight.putIfAbsent(key, mine);
        if (leader != null) {
            long joinedAt = System.nanoTime();
            Loaded<V> theirs = joinFlight(leader);
            if (theirs.freshAsOf().join() - joinedAt >= 0) {
                return theirs.result();
            }
            Lookup again = lookUp(key);
            CacheResult<V> hitAgain = hit(key, again, codec);
            return hitAgain != null ? hitAgain : loadThrough(key, codec, ttl, loader, again).result();
        }
        try {
            Loaded<V> loaded = loadThrough(key, codec, ttl, loader, lookup);
            mine.complete(loaded);
            return loaded.result();
        }
        catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        }
        finally {
            inFlight.remove(key, mine);
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> Loaded<V> joinFlight(CompletableFuture<Loaded<?>> leader) {
        try {
            return (Loaded<V>) leader.join();
        }
        catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * One {@code GET}, or why Redis is not asked: not connected, the key's node bypassed,
     * or the GET failed.
     */
    private Lookup lookUp(String key) {
        StatefulRedisClusterConnection<String, byte[]> connection = redis.current().orElse(null);
        if (connection == null) {
            return Lookup.BYPASSED;
        }
        CircuitBreaker breaker = breakerFor(connection, key);
        if (!breaker.tryAcquirePermission()) {
            // The node may have been failed over since; a new master has a closed
            // breaker.
            redis.refreshTopologySoon();
            return Lookup.BYPASSED;
        }
        long started = System.nanoTime();
        try {
            byte[] found = connection.sync().get(key);
            NodeBreakers.record(breaker, started, null);
            return new Lookup(connection, breaker, found);
        }
        catch (RuntimeException e) {
            metrics.getError();
            NodeBreakers.record(breaker, started, e);
            return Lookup.BYPASSED;
        }
    }

    /**
     * The hit that {@code lookup} found, or null: nothing there, a lease, an unreadable
     * entry, or not asked.
     */
    private <V> CacheResult<V> hit(String key, Lookup lookup, ValueCodec<V> codec) {
        byte[] found = lookup.found();
        if (found == null || isLease(found)) {
            return null;
        }
        CacheResult<V> hit;
        if (found.length == ABSENT.length && found[0] == ABSENT[0]) {
            hit = new CacheResult<>(Optional.empty(), CacheOutcome.HIT);
        }
        else {
            try {
                hit = new CacheResult<>(Optional.of(codec.decode(found)), CacheOutcome.HIT);
            }
            catch (RuntimeException e) {
                log.warn("Cache '{}': unreadable entry under {} ({}); reloading and overwriting it", settings.name(),
                        key, ErrorMessages.describe(e));
                return null;
            }
        }
        metrics.outcome(CacheOutcome.HIT);
        return hit;
    }

    /**
     * After a lookup that found no usable value: take the lease and load, or wait for
     * another process's value, or load without the cache when Redis failed.
     */
    private <V> Loaded<V> loadThrough(String key, ValueCodec<V> codec, Duration ttl, Supplier<Optional<V>> loader,
            Lookup lookup) {
        if (lookup.connection() == null) {
            return loadNow(loader, CacheOutcome.BYPASS);
        }
        Turn<V> turn;
        long started = System.nanoTime();
        try {
            turn = awaitTurn(key, codec, lookup);
        }
        catch (RuntimeException e) {
            metrics.getError();
            NodeBreakers.recordIfClosed(lookup.breaker(), started, e);
            return loadNow(loader, CacheOutcome.BYPASS);
        }
        if (turn.hit() != null) {
            return turn.hit();
        }
        if (turn.replace() == null) {
            return loadNow(loader, CacheOutcome.MISS);
        }
        return loadAndWriteBack(key, codec, ttl, loader, lookup, turn.replace());
    }

    /**
     * Redis commands only: takes the lease when the key is empty, and while another
     * process holds it, polls for its value until the lease wait is over.
     */
    private <V> Turn<V> awaitTurn(String key, ValueCodec<V> codec, Lookup lookup) {
        var commands = lookup.connection().sync();
        long deadline = System.nanoTime() + settings.leaseWait().toNanos();
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        byte[] found = lookup.found();
        while (true) {
            if (found == null) {
                byte[] lease = newLease();
                if ("OK".equals(commands.set(key, lease, SetArgs.Builder.nx().px(settings.leaseTtl().toMillis())))) {
                    return Turn.writeOver(lease);
                }
            }
            else if (!isLease(found)) {
                return Turn.writeOver(found); // an unreadable entry: replace exactly it
            }
            if (System.nanoTime() - deadline >= 0) {
                metrics.leaseWait(false);
                return Turn.loadAlone();
            }
            if (found != null) {
                LockSupport.parkNanos(pause);
                pause = Math.min(2 * pause, MAX_LEASE_POLL_NANOS);
                if (Thread.currentThread().isInterrupted()) {
                    return Turn.loadAlone();
                }
            }
            long sentAt = System.nanoTime();
            Lookup again = new Lookup(lookup.connection(), lookup.breaker(), commands.get(key));
            CacheResult<V> hit = hit(key, again, codec);
            if (hit != null) {
                metrics.leaseWait(true);
                return Turn.served(new Loaded<>(hit, sentAt));
            }
            found = again.found();
        }
    }

    private <V> Loaded<V> loadAndWriteBack(String key, ValueCodec<V> codec, Duration ttl, Supplier<Optional<V>> loader,
            Lookup lookup, byte[] expected) {
        var commands = lookup.connection().sync();
        long loadStarted = System.nanoTime();
        CacheResult<V> loaded;
        try {
            loaded = load(loader, CacheOutcome.MISS);
        }
        catch (RuntimeException | Error e) {
            if (isLease(expected)) {
                releaseQuietly(commands, key, expected);
            }
            throw e;
        }
        byte[] bytes = loaded.value().map(codec::encode).orElse(ABSENT);
        long ttlMillis = jittered(loaded.value().isPresent() ? ttl.toMillis() : settings.negativeTtl().toMillis());
        long writeStarted = System.nanoTime();
        CompletableFuture<Long> freshAsOf;
        try {
            freshAsOf = LeaseScripts.writeBack(lookup.connection().async(), key, expected, bytes, ttlMillis)
                .handle((stored, failure) -> {
                    boolean wasStored = failure == null && stored;
                    writtenBack(lookup.breaker(), writeStarted, failure);
                    metrics.writeBack(wasStored);
                    return wasStored ? writeStarted : loadStarted;
                });
        }
        catch (RuntimeException e) {
            writtenBack(lookup.breaker(), writeStarted, e);
            metrics.writeBack(false);
            freshAsOf = CompletableFuture.completedFuture(loadStarted);
        }
        awaitWriteBack(freshAsOf);
        return new Loaded<>(loaded, freshAsOf);
    }

    /**
     * The answer waits for the write-back's reply, one round trip: Lambda freezes the
     * environment as soon as the answer is out, and a compare-and-set still queued then
     * would leave the lease in Redis instead of the value until the thaw. Bounded by the
     * command timeout the reply is already held to.
     */
    private void awaitWriteBack(CompletableFuture<Long> freshAsOf) {
        try {
            freshAsOf.get(redis.settings().commandTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("Cache '{}': the write-back's reply did not arrive ({})", settings.name(),
                    ErrorMessages.describe(e));
        }
    }

    private void writtenBack(CircuitBreaker breaker, long started, Throwable failure) {
        if (failure == null) {
            NodeBreakers.recordIfClosed(breaker, started, null);
            return;
        }
        metrics.setError();
        Throwable cause = failure instanceof CompletionException completion ? completion.getCause() : failure;
        NodeBreakers.recordIfClosed(breaker, started,
                cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause));
    }

    private void releaseQuietly(RedisAdvancedClusterCommands<String, byte[]> commands, String key, byte[] lease) {
        try {
            LeaseScripts.release(commands, key, lease);
        }
        catch (RuntimeException e) {
            log.debug("Cache '{}': could not give up the lease on {} ({}); it expires in {}", settings.name(), key,
                    ErrorMessages.describe(e), settings.leaseTtl());
        }
    }

    private <V> Loaded<V> loadNow(Supplier<Optional<V>> loader, CacheOutcome outcome) {
        long started = System.nanoTime();
        return new Loaded<>(load(loader, outcome), started);
    }

    private <V> CacheResult<V> load(Supplier<Optional<V>> loader, CacheOutcome outcome) {
        Optional<V> value = metrics.load().record(loader);
        metrics.outcome(outcome);
        return new CacheResult<>(value == null ? Optional.empty() : value, outcome);
    }

    /**
     * Drawn at the time of the miss from the JVM's SecureRandom, so that SnapStart clones
     * never share tokens.
     */
    private static byte[] newLease() {
        UUID token = UUID.randomUUID();
        return ByteBuffer.allocate(LEASE_LENGTH)
            .put(LEASE_MARK)
            .putLong(token.getMostSignificantBits())
            .putLong(token.getLeastSignificantBits())
            .array();
    }

    static boolean isLease(byte[] found) {
        return found.length == LEASE_LENGTH && found[0] == LEASE_MARK;
    }

    private long jittered(long ttlMillis) {
        double spread = settings.jitter() * (2 * JITTER.nextDouble() - 1);
        return Math.max(1, Math.round(ttlMillis * (1 + spread)));
    }

    /**
     * Deletes {@code keys} as {@link #invalidate(Collection, Duration)} does, as patient
     * as the settings say.
     */
    public InvalidationResult invalidate(Collection<String> keys) {
        return invalidate(keys, settings.invalidationPatience());
    }

    /**
     * Deletes {@code keys} (and with them any lease on them), one DEL per cluster slot,
     * all sent at once. Tried even while reads bypass the cache: a stale entry outliving
     * a write is worse than a slow write. Waits up to {@code patience} for a connection
     * that is still being made, and retries failed deletions until then. Never throws;
     * what could not be deleted is in the result.
     */
    public InvalidationResult invalidate(Collection<String> keys, Duration patience) {
        List<String> pending = new ArrayList<>(new LinkedHashSet<>(keys));
        int requested = pending.size();
        if (requested == 0) {
            return new InvalidationResult(0, 0, List.of(), null);
        }
        long deadline = System.nanoTime() + patience.toNanos();
        Optional<StatefulRedisClusterConnection<String, byte[]>> connection = redis.awaitConnection(patience);
        if (connection.isEmpty()) {
            metrics.invalidated(0, requested);
            log.warn(
                    "Cache '{}': not connected to the Redis Cluster; {} keys not deleted may be served stale until their TTL ends",
                    settings.name(), requested);
            return new InvalidationResult(requested, 0, pending, "not connected to the Redis Cluster");
        }
        long deleted = 0;
        String reason = null;
        long pauseMillis = 25;
        while (true) {
            Deletion deletion = deleteOnce(connection.get(), pending);
            deleted += deletion.deleted();
            pending = deletion.failed();
            reason = deletion.reason();
            if (pending.isEmpty() || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) - deadline > 0) {
                break;
            }
            // A slot whose master died is served again only once this process has seen
            // the promotion.
            redis.refreshTopologySoon();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMillis));
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            pauseMillis = Math.min(2 * pauseMillis, MAX_INVALIDATION_RETRY_PAUSE_MILLIS);
        }
        metrics.invalidated(deleted, pending.size());
        if (!pending.isEmpty()) {
            log.warn("Cache '{}': could not delete {} of {} keys ({}); they may be served stale until their TTL ends",
                    settings.name(), pending.size(), requested, reason);
        }
        return new InvalidationResult(requested, deleted, pending, pending.isEmpty() ? null : reason);
    }

    private Deletion deleteOnce(StatefulRedisClusterConnection<String, byte[]> connection, List<String> keys) {
        Map<Integer, List<String>> bySlot = keys.stream().collect(Collectors.groupingBy(SlotHash::getSlot));
        Map<List<String>, CompletableFuture<Long>> deletions = new LinkedHashMap<>();
        bySlot.values().forEach(slotKeys -> deletions.put(slotKeys, delete(connection, slotKeys)));
        long deadline = System.nanoTime() + 2 * redis.settings().commandTimeout().toNanos();
        long deleted = 0;
        List<String> failed = new ArrayList<>();
        String reason = null;
        for (Map.Entry<List<String>, CompletableFuture<Long>> deletion : deletions.entrySet()) {
            try {
                deleted += deletion.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.addAll(deletion.getKey());
                reason = "interrupted";
            }
            catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                deletion.getValue().cancel(false);
                failed.addAll(deletion.getKey());
                reason = ErrorMessages.describe(e instanceof ExecutionException ? e.getCause() : e);
            }
        }
        return new Deletion(deleted, failed, reason);
    }

    /** One slot's DEL; a routing failure thrown at once fails only that slot's keys. */
    private static CompletableFuture<Long> delete(StatefulRedisClusterConnection<String, byte[]> connection,
            List<String> slotKeys) {
        try {
            return connection.async().del(slotKeys.toArray(String[]::new)).toCompletableFuture();
        }
        catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private record Deletion(long deleted, List<String> failed, String reason) {
    }

    /**
     * What a lookup found, and over which connection; {@code connection} is null when
     * Redis was not asked.
     */
    private record Lookup(StatefulRedisClusterConnection<String, byte[]> connection, CircuitBreaker breaker,
            byte[] found) {
        static final Lookup BYPASSED = new Lookup(null, null, null);

    }

    /**
     * An answer and the moment it is at least as new as: the send of the command or query
     * it came from.
     */
    private record Loaded<V>(CacheResult<V> result, CompletableFuture<Long> freshAsOf) {

        Loaded(CacheResult<V> result, long freshAsOf) {
            this(result, CompletableFuture.completedFuture(freshAsOf));
        }

    }

    /**
     * What a miss does next: served (another process's value arrived), write over
     * {@code replace}, or load alone.
     */
    private record Turn<V>(Loaded<V> hit, byte[] replace) {
        static <V> Turn<V> served(Loaded<V> hit) {
            return new Turn<>(hit, null);
        }

        static <V> Turn<V> writeOver(byte[] expected) {
            return new Turn<>(null, expected);
        }

        static <V> Turn<V> loadAlone() {
            return new Turn<>(null, null);
        }
    }

    /**
     * The breaker of the master that serves {@code key}'s slot, as this client last saw
     * the topology. After a failover the slot belongs to the promoted replica, whose
     * breaker starts closed.
     */
    private CircuitBreaker breakerFor(StatefulRedisClusterConnection<String, byte[]> connection, String key) {
        RedisClusterNode master = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
        return master == null ? breakers.of(NodeBreakers.UNCOVERED, () -> NodeBreakers.UNCOVERED)
                : breakers.of(master.getNodeId(), () -> address(master));
    }

    /**
     * A node's breaker opened: its sockets may be dead without knowing it (dropped by a
     * NAT, frozen with the Lambda environment), and Lettuce does not reconnect on
     * timeouts. Closing them makes Lettuce reconnect, so the probe after the cool-down
     * goes over a fresh connection. Halfway through the cool-down the connection is
     * opened again if closing it ended an attempt still under way (a just-promoted
     * replica), since a probe sent while it connects would be rejected.
     */
    private void replaceConnectionsOf(String nodeId) {
        redis.current().map(connection -> connection.getPartitions().getPartitionByNodeId(nodeId)).ifPresent(node -> {
            String host = node.getUri().getHost();
            int port = node.getUri().getPort();
            int closed = redis.dropConnections(host, port);
            redis.connectToNodeAfter(host, port, settings.coolDown().dividedBy(2));
            log.info("Cache '{}': closed {} connection(s) to {}:{}; Lettuce reconnects them for the next probe",
                    settings.name(), closed, host, port);
        });
    }

    /**
     * The cluster's masters, replicas and slots as this client last saw them, and what
     * the cache does with each.
     */
    public ClusterView clusterView() {
        StatefulRedisClusterConnection<String, byte[]> connection = redis.current().orElse(null);
        if (connection == null) {
            return ClusterView.notConnected();
        }
        List<RedisClusterNode> nodes = List.copyOf(connection.getPartitions().getPartitions());
        List<ClusterView.Master> masters = new ArrayList<>();
        int served = 0;
        for (RedisClusterNode node : nodes) {
            if (!node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                continue;
            }
            boolean failed = node.is(RedisClusterNode.NodeFlag.FAIL)
                    || node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL);
            List<String> replicas = nodes.stream()
                .filter(replica -> node.getNodeId().equals(replica.getSlaveOf()))
                .map(replica -> address(replica))
                .sorted()
                .toList();
            String cache = switch (breakers.stateOf(node.getNodeId())) {
                case OPEN, FORCED_OPEN -> "bypassed";
                case HALF_OPEN -> "probing";
                default -> "in use";
            };
            masters.add(new ClusterView.Master(address(node), node.getSlots().size(), failed, cache, replicas));
            served += failed ? 0 : node.getSlots().size();
        }
        masters.sort(java.util.Comparator.comparing(ClusterView.Master::address));
        long bypassed = masters.stream().filter(master -> !master.cache().equals("in use")).count();
        String state = bypassed == 0 ? "in use" : bypassed == masters.size() ? "bypassed" : "partly bypassed";
        return new ClusterView(state, masters, served);
    }

    private static String address(RedisClusterNode node) {
        return node.getUri().getHost() + ":" + node.getUri().getPort();
    }

    /**
     * True while reads skip Redis entirely: not connected yet, or every node seen is
     * bypassed after failures.
     */
    public boolean isBypassing() {
        return redis.current().isEmpty() || breakers.allNotClosed();
    }

    /**
     * How many master nodes reads currently skip (all of them, as -1, while not
     * connected).
     */
    int bypassedNodes() {
        return redis.current().isEmpty() ? -1 : breakers.notClosed();
    }

    public CacheSettings settings() {
        return settings;
    }

}
