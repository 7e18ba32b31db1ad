package dev.userfunctions.embedded;

import io.lettuce.core.cluster.SlotHash;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real Redis Cluster of {@code redis-server} processes on free loopback ports: three
 * masters with one replica each by default, all 16384 slots assigned,
 * {@code cluster_state:ok} before {@link #start()} returns.
 *
 * <p>
 * Nodes can be stopped, killed and started one by one (fault tests). {@link #close()}
 * stops every process and deletes every file; a JVM shutdown hook does the same if the
 * owner forgets or a test dies.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisCluster.class);
    static final int SLOTS = 16384;

    private static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Starts on fresh ports after a port was taken under a node's feet, at most this
     * often.
     */
    private static final int PORT_ATTEMPTS = 3;

    private final int masters;

    private final int replicasPerMaster;

    private final Duration clusterNodeTimeout;

    private final boolean formed;

    private final Path workDirectory;

    private final List<RedisNode> nodes;

    /**
     * One admin client for the cluster's lifetime: a Lettuce client starts its own
     * event-loop threads.
     */
    private final NodeAdmin admin;

    private EmbeddedRedisCluster(Builder builder) {
        this.masters = builder.masters;
        this.replicasPerMaster = builder.replicasPerMaster;
        this.clusterNodeTimeout = builder.clusterNodeTimeout;
        this.formed = builder.formed;
        this.workDirectory = WorkDirectories.create();
        Path binary;
        try {
            binary = RedisBinary.extractInto(workDirectory);
        }
        catch (RuntimeException e) {
            WorkDirectories.deleteRecursively(workDirectory);
            throw e;
        }
        int[] ports = FreePorts.find(masters * (1 + replicasPerMaster), true);
        NodeSetup setup = new NodeSetup(binary, builder.tls, clusterNodeTimeout, builder.requireFullCoverage);
        this.nodes = IntStream.range(0, ports.length)
            .mapToObj(i -> new RedisNode(setup, builder.hosts.isEmpty() ? NodeHost.LOOPBACK : builder.hosts.get(i),
                    workDirectory.resolve(String.valueOf(ports[i])), ports[i]))
            .toList();
        this.admin = new NodeAdmin(builder.tls);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Three masters, three replicas. */
    public static EmbeddedRedisCluster start() {
        return builder().start();
    }

    private EmbeddedRedisCluster startAndForm() {
        ShutdownHook.register(this);
        try {
            long started = System.nanoTime();
            nodes.forEach(RedisNode::start);
            if (!formed) {
                log.info("{} cluster-enabled Redis nodes up, not joined: {}", nodes.size(), seeds());
                return this;
            }
            form();
            log.info("Redis Cluster up in {} ms: {} masters, {} replicas on {}",
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), masters, masters * replicasPerMaster,
                    seeds());
            return this;
        }
        catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void form() {
        List<RedisNode> masterNodes = nodes.subList(0, masters);
        RedisNode first = nodes.get(0);
        for (RedisNode other : nodes.subList(1, nodes.size())) {
            admin.call(first, redis -> redis.clusterMeet(other.host(), other.port()));
        }
        for (int i = 0; i < masters; i++) {
            int from = i * SLOTS / masters;
            int to = (i + 1) * SLOTS / masters;
            int[] slots = IntStream.range(from, to).toArray();
            admin.call(masterNodes.get(i), redis -> redis.clusterAddSlots(slots));
        }
        awaitCondition("all nodes to know each other", () -> nodes.stream()
            .allMatch(node -> admin.call(node, redis -> knownNodes(redis.clusterNodes()) == nodes.size())));
        for (int r = 0; r < masters * replicasPerMaster; r++) {
            RedisNode replica = nodes.get(masters + r);
            String masterId = admin.call(masterNodes.get(r % masters), redis -> redis.clusterMyId());
            admin.call(replica, redis -> redis.clusterReplicate(masterId));
        }
        int replicas = masters * replicasPerMaster;
        awaitCondition("every node to see " + replicas + " replicas",
                () -> nodes.stream()
                    .allMatch(node -> admin.call(node, redis -> redis.clusterNodes())
                        .lines()
                        .filter(line -> line.split(" ")[2].contains("slave"))
                        .count() == replicas));
        awaitHealthy(FORMATION_TIMEOUT);
        awaitCondition("every replica to sync with its master", () -> nodes.subList(masters, nodes.size())
            .stream()
            .allMatch(node -> admin.call(node, redis -> redis.info("replication")).contains("master_link_status:up")));
    }

    /**
     * Waits until every running node reports {@code cluster_state:ok} with all slots
     * served.
     */
    public void awaitHealthy(Duration timeout) {
        awaitCondition("cluster_state:ok with " + SLOTS + " slots on every running node", timeout,
                () -> nodes.stream().filter(RedisNode::isRunning).allMatch(node -> {
                    Map<String, String> info = parseInfo(admin.call(node, redis -> redis.clusterInfo()));
                    return "ok".equals(info.get("cluster_state"))
                            && String.valueOf(SLOTS).equals(info.get("cluster_slots_ok"));
                }));
    }

    /** The nodes that currently serve slots as masters, as the cluster itself sees it. */
    public List<RedisNode> masters() {
        return liveMasters().filter(fields -> fields.length > 8).map(fields -> nodeAt(fields[1])).toList();
    }

    /** The master that serves {@code key}'s slot, as the cluster itself sees it. */
    public RedisNode masterOf(String key) {
        int slot = SlotHash.getSlot(key);
        return liveMasters().filter(fields -> Arrays.stream(fields).skip(8).anyMatch(range -> servesSlot(range, slot)))
            .map(fields -> nodeAt(fields[1]))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No master serves slot " + slot));
    }

    /** The masters not failed, as {@code CLUSTER NODES} lines split into fields. */
    private Stream<String[]> liveMasters() {
        RedisNode observer = nodes.stream()
            .filter(RedisNode::isRunning)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No node is running"));
        return admin.call(observer, redis -> redis.clusterNodes())
            .lines()
            .map(line -> line.split(" "))
            .filter(fields -> fields[2].contains("master") && !fields[2].contains("fail"));
    }

    private static boolean servesSlot(String range, int slot) {
        if (range.startsWith("[")) {
            return false;
        }
        String[] bounds = range.split("-");
        int first = Integer.parseInt(bounds[0]);
        int last = bounds.length > 1 ? Integer.parseInt(bounds[1]) : first;
        return first <= slot && slot <= last;
    }

    private RedisNode nodeAt(String announced) {
        int port = Integer.parseInt(announced.substring(announced.lastIndexOf(':') + 1).split("@")[0]);
        return nodes.stream()
            .filter(node -> node.port() == port)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("Unknown node " + announced));
    }

    /**
     * {@code CLIENT PAUSE} on {@code node} for {@code pause}: its clients' commands go
     * unanswered while the cluster bus keeps running, so the node times out for clients
     * without being failed over.
     */
    public void pauseClients(RedisNode node, Duration pause) {
        admin.call(node, redis -> redis.clientPause(pause.toMillis()));
    }

    /** Deletes every key on every running master (tests that need a clean slate). */
    public void flushAll() {
        masters().forEach(master -> admin.call(master, redis -> redis.flushall()));
    }

    /** Whether {@code key} is stored, asked of the master that serves its slot. */
    public boolean exists(String key) {
        return admin.call(masterOf(key), redis -> redis.exists(key)) == 1;
    }

    /** The number of keys over all masters. */
    public long keyCount() {
        return masters().stream().mapToLong(master -> admin.call(master, redis -> redis.dbsize())).sum();
    }

    /**
     * {@code total_connections_received} summed over the running nodes: every connection
     * any client ever opened. The call itself opens one connection per running node,
     * which the count includes.
     */
    public long connectionsReceived() {
        return nodes.stream()
            .filter(RedisNode::isRunning)
            .mapToLong(node -> Long
                .parseLong(parseInfo(admin.call(node, redis -> redis.info("stats"))).get("total_connections_received")))
            .sum();
    }

    /**
     * How often the masters have executed the given commands (lower case, as
     * {@code INFO commandstats} names them), summed: what a client really sent, whatever
     * its library does on its own.
     */
    public long commandCalls(Set<String> commands) {
        return masters().stream()
            .flatMap(master -> admin.call(master, redis -> redis.info("commandstats")).lines())
            .filter(line -> line.startsWith("cmdstat_"))
            .filter(line -> commands.contains(line.substring("cmdstat_".length(), line.indexOf(':'))))
            .mapToLong(line -> Long.parseLong(line.replaceAll(".*[:,]calls=(\\d+).*", "$1")))
            .sum();
    }

    /**
     * Clients connected now, summed over the running nodes, not counting the connection
     * that asks.
     */
    public long connectedClients() {
        return nodes.stream()
            .filter(RedisNode::isRunning)
            .mapToLong(node -> Long
                .parseLong(parseInfo(admin.call(node, redis -> redis.info("clients"))).get("connected_clients")) - 1)
            .sum();
    }

    public List<RedisNode> nodes() {
        return nodes;
    }

    /**
     * Comma-separated {@code host:port} of every node, the form {@code REDIS_NODES}
     * takes.
     */
    public String seeds() {
        return nodes.stream().map(RedisNode::address).collect(Collectors.joining(","));
    }

    public void stopAll() {
        nodes.forEach(RedisNode::stop);
    }

    /** Starts every stopped node and waits until the cluster is healthy again. */
    public void startAll() {
        nodes.forEach(RedisNode::start);
        awaitHealthy(FORMATION_TIMEOUT);
    }

    public Duration clusterNodeTimeout() {
        return clusterNodeTimeout;
    }

    @Override
    public void close() {
        admin.close();
        nodes.forEach(RedisNode::kill);
        WorkDirectories.deleteRecursively(workDirectory);
        ShutdownHook.unregister(this);
    }

    private static int knownNodes(String clusterNodes) {
        return (int) clusterNodes.lines()
            .filter(line -> !line.isBlank() && !line.contains("handshake") && !line.contains("noaddr"))
            .count();
    }

    private static Map<String, String> parseInfo(String info) {
        return info.lines()
            .filter(line -> line.contains(":"))
            .map(line -> line.trim().split(":", 2))
            .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1], (a, b) -> b));
    }

    private static void awaitCondition(String what, Supplier<Boolean> condition) {
        awaitCondition(what, FORMATION_TIMEOUT, condition);
    }

    private static void awaitCondition(String what, Duration timeout, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.get()) {
                    return;
                }
            }
            catch (RuntimeException e) {
                last = e;
            }
            Pause.of(Duration.ofMillis(50));
        }
        throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s waiting for " + what, last);
    }

    public static final class Builder {

        private int masters = 3;

        private int replicasPerMaster = 1;

        private Duration clusterNodeTimeout = Duration.ofMillis(1000);

        private boolean formed = true;

        private List<NodeHost> hosts = List.of();

        private TlsFiles tls;

        private boolean requireFullCoverage;

        private Builder() {
        }

        /**
         * Redis's own default, {@code cluster-require-full-coverage yes}: while any slot
         * has no master, every node refuses every command with {@code CLUSTERDOWN}. Off
         * by default here, so that the other shards keep serving during a failover.
         */
        public Builder requireFullCoverage(boolean requireFullCoverage) {
            this.requireFullCoverage = requireFullCoverage;
            return this;
        }

        /**
         * TLS only, with these certificates: clients, the cluster bus and replication
         * (redis-server's {@code tls-port}, {@code tls-cluster},
         * {@code tls-replication}).
         */
        public Builder tls(TlsFiles tls) {
            this.tls = tls;
            return this;
        }

        /**
         * One host per node, in order (masters first); by default every node runs on the
         * loopback address of this machine.
         */
        public Builder hosts(List<NodeHost> hosts) {
            this.hosts = List.copyOf(hosts);
            return this;
        }

        /**
         * False: start cluster-enabled nodes that know nothing of each other, for code
         * that forms clusters.
         */
        public Builder formed(boolean formed) {
            this.formed = formed;
            return this;
        }

        public Builder masters(int masters) {
            if (masters < 1) {
                throw new IllegalArgumentException("A cluster needs at least one master");
            }
            this.masters = masters;
            return this;
        }

        public Builder replicasPerMaster(int replicasPerMaster) {
            this.replicasPerMaster = replicasPerMaster;
            return this;
        }

        /**
         * How long a node may be silent before the others fail it over (short here so
         * drills are quick).
         */
        public Builder clusterNodeTimeout(Duration clusterNodeTimeout) {
            this.clusterNodeTimeout = clusterNodeTimeout;
            return this;
        }

        /**
         * Starts the nodes and forms the cluster; on other ports if a port found free was
         * taken before its node bound it (ports are free only until someone binds them).
         */
        public EmbeddedRedisCluster start() {
            int nodes = masters * (1 + replicasPerMaster);
            if (!hosts.isEmpty() && hosts.size() != nodes) {
                throw new IllegalArgumentException(hosts.size() + " hosts for " + nodes + " nodes");
            }
            for (int attempt = 1;; attempt++) {
                try {
                    return new EmbeddedRedisCluster(this).startAndForm();
                }
                catch (RedisNode.PortTakenException e) {
                    if (attempt == PORT_ATTEMPTS) {
                        throw e;
                    }
                    log.warn("{}; starting the cluster again on other ports",
                            e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }

    }

}
