package dev.userfunctions.deploy;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A sharded MongoDB 8.0 cluster as the init container sees it, for running the real init
 * script under the real mongosh: one wire-protocol server (mongo-java-server) per member,
 * config server replica set, shard replica sets and a mongos router, answering the admin
 * commands the script sends and keeping their state.
 *
 * <p>
 * No MongoDB server runs where this is built, so the replies are not recorded from one;
 * they are built from MongoDB's published specifications and manual, cited next to each.
 * A replica set elects its primary {@link #ELECTION_DELAY} after {@code replSetInitiate},
 * so that a script that does not really wait cannot pass.
 */
final class FakeShardedCluster implements AutoCloseable {

    static final Duration ELECTION_DELAY = Duration.ofMillis(1500);

    /**
     * Wire version of MongoDB 8.0 (specifications: source/wireversion-featurelist, "8.0:
     * 25").
     */
    private static final int MAX_WIRE_VERSION = 25;

    /** Commands that change the cluster; a second run of the script must send none. */
    static final Set<String> WRITE_COMMANDS = Set.of("replSetInitiate", "addShard", "enableSharding",
            "shardCollection");

    record Command(String member, String name, Document body) {
    }

    private enum Role {

        CONFIG_SERVER, SHARD_MEMBER, ROUTER

    }

    private final List<MongoServer> servers = new ArrayList<>();

    private final Map<String, ReplicaSet> replicaSets = new LinkedHashMap<>();

    private final Map<String, String> shards = new LinkedHashMap<>();

    private volatile Map<String, Long> documentsPerShard = Map.of();

    private final List<Command> commands = new ArrayList<>();

    private final String configReplicaSet;

    private String router;

    private FakeShardedCluster(String configReplicaSet) {
        this.configReplicaSet = configReplicaSet;
    }

    /**
     * A config server replica set of one member, {@code shardCount} shards of
     * {@code membersPerShard}, a router.
     */
    static FakeShardedCluster start(int shardCount, int membersPerShard) {
        FakeShardedCluster cluster = new FakeShardedCluster("configrs");
        cluster.replicaSets.put("configrs",
                new ReplicaSet("configrs", List.of(cluster.member(Role.CONFIG_SERVER, "configrs"))));
        for (int s = 1; s <= shardCount; s++) {
            String name = "shard" + s;
            List<String> members = new ArrayList<>();
            for (int m = 0; m < membersPerShard; m++) {
                members.add(cluster.member(Role.SHARD_MEMBER, name));
            }
            cluster.replicaSets.put(name, new ReplicaSet(name, members));
        }
        cluster.router = cluster.member(Role.ROUTER, null);
        return cluster;
    }

    private String member(Role role, String setName) {
        Member backend = new Member(role, setName);
        MongoServer server = new MongoServer(backend);
        servers.add(server);
        server.bind("127.0.0.1", 0);
        backend.address = "127.0.0.1:" + server.getLocalAddress().getPort();
        return backend.address;
    }

    /**
     * The init script's settings for this cluster, as JSON for
     * {@code MONGO_INIT_SETTINGS}.
     */
    String settingsJson(int waitSeconds) {
        String shardList = replicaSets.values()
            .stream()
            .filter(rs -> !rs.name.equals(configReplicaSet))
            .map(rs -> "{\"name\":\"" + rs.name + "\",\"members\":" + json(rs.members) + "}")
            .collect(Collectors.joining(","));
        return "{\"configReplicaSet\":{\"name\":\"" + configReplicaSet + "\",\"members\":"
                + json(replicaSets.get(configReplicaSet).members) + "},\"shards\":[" + shardList + "],\"router\":\""
                + router + "\",\"database\":\"somedb\",\"collection\":\"users\","
                + "\"shardKey\":{\"name\":\"hashed\"},\"waitSeconds\":" + waitSeconds + "}";
    }

    private static String json(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    synchronized List<Command> commands() {
        return List.copyOf(commands);
    }

    synchronized void clearCommands() {
        commands.clear();
    }

    List<String> members(String replicaSet) {
        return replicaSets.get(replicaSet).members;
    }

    String router() {
        return router;
    }

    /**
     * What the router's {@code $collStats} reports per shard (this fake stores no
     * documents on its shards).
     */
    void documentsPerShard(Map<String, Long> counts) {
        documentsPerShard = Map.copyOf(counts);
    }

    synchronized Map<String, String> shards() {
        return Map.copyOf(shards);
    }

    @Override
    public void close() {
        servers.forEach(MongoServer::shutdownNow);
    }

    private static final class ReplicaSet {

        final String name;

        final List<String> members;

        Instant initiatedAt;

        ReplicaSet(String name, List<String> members) {
            this.name = name;
            this.members = members;
        }

        boolean initiated() {
            return initiatedAt != null;
        }

        String primary() {
            return initiated() && !Instant.now().isBefore(initiatedAt.plus(ELECTION_DELAY)) ? members.get(0) : null;
        }

    }

    /** One member: a mongod of a replica set, or the router. */
    private final class Member extends MemoryBackend {

        private final Role role;

        private final String setName;

        private volatile String address;

        Member(Role role, String setName) {
            this.role = role;
            this.setName = setName;
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            synchronized (FakeShardedCluster.this) {
                if (!command.equalsIgnoreCase("isMaster") && !command.equals("hello")
                        && !command.equals("endSessions")) {
                    commands.add(new Command(address, command, query));
                }
                return switch (command) {
                    case "hello", "isMaster", "ismaster" -> hello(command);
                    case "ping" -> ok();
                    case "replSetGetStatus" -> replSetGetStatus();
                    case "replSetInitiate" -> replSetInitiate((Document) query.get("replSetInitiate"));
                    case "listShards" -> listShards();
                    case "addShard" -> addShard(query);
                    case "enableSharding" -> enableSharding();
                    case "shardCollection" -> shardCollection(channel, query);
                    case "aggregate" -> role == Role.ROUTER && query.toString().contains("$collStats")
                            ? collStats(database, query) : super.handleCommand(channel, database, command, query);
                    default -> super.handleCommand(channel, database, command, query);
                };
            }
        }

        /**
         * The hello reply by state. Fields and values as in the SDAM specification's test
         * fixtures (mongodb/specifications,
         * source/server-discovery-and-monitoring/tests): a member started with
         * {@code --replSet} but not initiated is a "ghost" (rs/discover_ghost.yml:
         * isWritablePrimary false, isreplicaset true); an initiated one reports setName
         * and hosts, and primary once elected (rs/discover_primary.yml,
         * rs/discover_secondary.yml); mongos says msg "isdbgrid"
         * (sharded/single_mongos.yml). A config server member also reports configsvr: 2
         * (manual, "hello": "configsvr ... returned for config server replica set
         * members").
         */
        private Document hello(String command) {
            boolean legacy = !command.equals("hello");
            Document reply = new Document();
            if (role == Role.ROUTER) {
                reply.append(legacy ? "ismaster" : "isWritablePrimary", true).append("msg", "isdbgrid");
            }
            else {
                ReplicaSet replicaSet = replicaSets.get(setName);
                String primary = replicaSet.primary();
                boolean isPrimary = address.equals(primary);
                reply.append(legacy ? "ismaster" : "isWritablePrimary", isPrimary);
                if (!replicaSet.initiated()) {
                    reply.append("secondary", false).append("isreplicaset", true);
                }
                else {
                    reply.append("hosts", replicaSet.members)
                        .append("setName", setName)
                        .append("setVersion", 1)
                        .append("secondary", primary != null && !isPrimary)
                        .append("me", address);
                    if (primary != null) {
                        reply.append("primary", primary);
                    }
                }
                if (role == Role.CONFIG_SERVER) {
                    reply.append("configsvr", 2);
                }
            }
            return reply.append("helloOk", true)
                .append("maxBsonObjectSize", 16 * 1024 * 1024)
                .append("maxMessageSizeBytes", 48_000_000)
                .append("maxWriteBatchSize", 100_000)
                .append("localTime", Instant.now())
                .append("logicalSessionTimeoutMinutes", 30)
                .append("connectionId", 1)
                .append("minWireVersion", 0)
                .append("maxWireVersion", MAX_WIRE_VERSION)
                .append("readOnly", false)
                .append("ok", 1.0);
        }

        /**
         * Before initiation: error 94 NotYetInitialized, "no replset config has been
         * received" (the server's error_codes.yml and the manual's replSetGetStatus
         * page). After: the set, this member's state (1 primary, 2 secondary) and the
         * members.
         */
        private Document replSetGetStatus() {
            requireMongod("replSetGetStatus");
            ReplicaSet replicaSet = replicaSets.get(setName);
            if (!replicaSet.initiated()) {
                throw new MongoServerError(94, "NotYetInitialized", "no replset config has been received");
            }
            String primary = replicaSet.primary();
            List<Document> members = new ArrayList<>();
            for (int i = 0; i < replicaSet.members.size(); i++) {
                String host = replicaSet.members.get(i);
                boolean isPrimary = host.equals(primary);
                members.add(new Document("_id", i).append("name", host)
                    .append("health", 1.0)
                    .append("state", isPrimary ? 1 : 2)
                    .append("stateStr", isPrimary ? "PRIMARY" : "SECONDARY"));
            }
            return new Document("set", setName).append("date", Instant.now())
                .append("myState", address.equals(primary) ? 1 : 2)
                .append("members", members)
                .append("ok", 1.0);
        }

        /**
         * As a mongod checks a config (manual, replSetInitiate and "Replica Set
         * Configuration"): the set name must be the one the member was started with, this
         * member must be in it, a config server's config must say configsvr: true; a
         * second initiation is error 23 AlreadyInitialized.
         */
        private Document replSetInitiate(Document config) {
            requireMongod("replSetInitiate");
            ReplicaSet replicaSet = replicaSets.get(setName);
            if (replicaSet.initiated()) {
                throw new MongoServerError(23, "AlreadyInitialized", "already initialized");
            }
            if (config == null || !setName.equals(config.get("_id"))) {
                throw new MongoServerError(93, "InvalidReplicaSetConfig",
                        "Attempting to initiate a replica set with name " + (config == null ? null : config.get("_id"))
                                + ", but command line reports " + setName + "; rejecting");
            }
            @SuppressWarnings("unchecked")
            List<Document> members = (List<Document>) config.get("members");
            List<String> hosts = members == null ? List.of()
                    : members.stream().map(m -> String.valueOf(m.get("host"))).toList();
            if (!hosts.contains(address)) {
                throw new MongoServerError(93, "InvalidReplicaSetConfig",
                        "No host described in new configuration with {version: 1, term: 0} for replica set " + setName
                                + " maps to this node");
            }
            if ((role == Role.CONFIG_SERVER) != Boolean.TRUE.equals(config.get("configsvr"))) {
                throw new MongoServerError(93, "InvalidReplicaSetConfig",
                        role == Role.CONFIG_SERVER
                                ? "Nodes started with the --configsvr flag must have configsvr:true in their config"
                                : "configsvr: true is only allowed on nodes started with --configsvr");
            }
            if (!hosts.equals(replicaSet.members)) {
                throw new MongoServerError(93, "InvalidReplicaSetConfig", "this fake cluster's " + setName
                        + " has members " + replicaSet.members + ", the config names " + hosts);
            }
            replicaSet.initiatedAt = Instant.now();
            return ok();
        }

        /**
         * listShards on a router (manual: {shards: [{_id, host: "rs/h1,h2", state: 1,
         * topologyTime}], ok: 1}).
         */
        private Document listShards() {
            requireRouter("listShards");
            List<Document> list = new ArrayList<>();
            shards.forEach((name,
                    host) -> list.add(new Document("_id", name).append("host", host)
                        .append("state", 1)
                        .append("topologyTime", Instant.now())));
            return new Document("shards", list).append("ok", 1.0);
        }

        /**
         * addShard "name/h1,h2,…" (manual): the replica set must be initiated and have a
         * primary; adding the same shard again is accepted, as MongoDB does; the reply is
         * {shardAdded: name, ok: 1}.
         */
        private Document addShard(Document query) {
            requireRouter("addShard");
            String spec = String.valueOf(query.get("addShard"));
            String name = spec.substring(0, Math.max(0, spec.indexOf('/')));
            ReplicaSet replicaSet = replicaSets.get(name);
            if (replicaSet == null || replicaSet.primary() == null) {
                throw new MongoServerError(96, "OperationFailed",
                        "failed to connect to " + spec + ": no primary found in replica set " + name);
            }
            String expected = name + "/" + String.join(",", replicaSet.members);
            if (!expected.equals(spec)) {
                throw new MongoServerError(96, "OperationFailed",
                        "in seed list " + spec + ", host does not belong to replica set " + name);
            }
            shards.put(String.valueOf(query.getOrDefault("name", name)), spec);
            return new Document("shardAdded", name).append("ok", 1.0);
        }

        private Document enableSharding() {
            requireRouter("enableSharding");
            requireShards();
            return ok();
        }

        /**
         * shardCollection records the collection in the router's config.collections (as
         * the config server does; manual, "config.collections": _id, lastmodEpoch, key,
         * unique), where the script's find reads it.
         */
        private Document shardCollection(Channel channel, Document query) {
            requireRouter("shardCollection");
            requireShards();
            String namespace = String.valueOf(query.get("shardCollection"));
            Document entry = new Document("_id", namespace).append("lastmodEpoch", new ObjectId())
                .append("lastmod", Instant.now())
                .append("key", query.get("key"))
                .append("unique", Boolean.TRUE.equals(query.get("unique")));
            super.handleCommand(channel, "config", "insert",
                    new Document("insert", "collections").append("documents", List.of(entry)));
            return new Document("collectionsharded", namespace).append("ok", 1.0);
        }

        /**
         * {@code $collStats: {count: {}}} through a router: one document per shard with
         * its count (manual, "$collStats (aggregation)": "shard", "host", "ns", "count"),
         * in a cursor's first batch.
         */
        private Document collStats(String database, Document query) {
            String namespace = database + "." + query.get("aggregate");
            List<Document> batch = new ArrayList<>();
            documentsPerShard.forEach((shard,
                    count) -> batch.add(new Document("ns", namespace).append("shard", shard)
                        .append("host", replicaSets.get(shard).members.get(0))
                        .append("localTime", Instant.now())
                        .append("count", count)));
            return new Document("cursor", new Document("firstBatch", batch).append("id", 0L).append("ns", namespace))
                .append("ok", 1.0);
        }

        private void requireShards() {
            if (shards.isEmpty()) {
                throw new MongoServerError(70, "ShardNotFound", "no shards found");
            }
        }

        private void requireRouter(String command) {
            if (role != Role.ROUTER) {
                throw new MongoServerError(59, "CommandNotFound", "no such command: '" + command + "'");
            }
        }

        private void requireMongod(String command) {
            if (role == Role.ROUTER) {
                throw new MongoServerError(59, "CommandNotFound", "no such command: '" + command + "'");
            }
        }

        private Document ok() {
            return new Document("ok", 1.0);
        }

    }

}
