package dev.userfunctions.local;

import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;
import dev.userfunctions.cache.ClusterView;
import dev.userfunctions.answers.ErrorBody;
import dev.userfunctions.users.Responses;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserCount;
import dev.userfunctions.users.UserRepository;
import dev.userfunctions.users.config.UsersSettings;
import dev.userfunctions.users.config.ReopenableMongoDatabaseFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /}: the data tier in one answer, as the replaced app showed it. MongoDB (the
 * deployment type the driver discovered, its servers, the shards with their replica sets
 * and members and how many users each holds, the database, the users count) and the Redis
 * Cluster (masters with their slots and replicas, what the cache does with each), and the
 * version. Bounded like everything else: a MongoDB that is down is reported as such after
 * the driver's 2 s server selection; the Redis part needs no command at all. Never shows
 * credentials: servers appear as host:port only.
 */
@RestController
class TopologyController {

    private final ReopenableMongoDatabaseFactory mongo;

    private final UsersSettings settings;

    private final UserRepository users;

    private final UserCache cache;

    TopologyController(ReopenableMongoDatabaseFactory mongo, UsersSettings settings, UserRepository users,
            UserCache cache) {
        this.mongo = mongo;
        this.settings = settings;
        this.users = users;
        this.cache = cache;
    }

    record Topology(Map<String, Object> functions, Map<String, Object> mongodb, Map<String, Object> redis) {
    }

    @GetMapping("/")
    Topology topology() {
        return new Topology(functions(), mongodb(), redis());
    }

    private static Map<String, Object> functions() {
        Map<String, Object> functions = new LinkedHashMap<>();
        String version = TopologyController.class.getPackage().getImplementationVersion();
        functions.put("version", version == null ? "development build" : version);
        functions.put("names", List.of("getUser", "seedUsers", "countUsers"));
        return functions;
    }

    private Map<String, Object> mongodb() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("database", settings.mongo().database());
        UserCount count = null;
        String status = "up";
        try {
            count = users.count();
        }
        catch (RuntimeException e) {
            status = "down: " + ((ErrorBody) Responses.failure(e, "").body()).error();
        }
        answer.put("status", status);
        answer.putAll(discovered(mongo.clusterDescription()));
        if (count != null) {
            answer.put("users", count.total());
            answer.put("shards", count.replicaSets() == null ? null : shards(count));
        }
        return answer;
    }

    private static Map<String, Object> discovered(ClusterDescription description) {
        Map<String, Object> answer = new LinkedHashMap<>();
        ClusterType type = description.getType();
        answer.put("topology", switch (type) {
            case SHARDED -> "sharded (through a mongos router)";
            case REPLICA_SET -> "replica set";
            case STANDALONE -> "standalone";
            default -> "unknown (no server answered)";
        });
        List<Map<String, Object>> servers = new ArrayList<>();
        description.getServerDescriptions().forEach(server -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("address", server.getAddress().toString());
            entry.put("type", server.getType().name());
            if (server.getSetName() != null) {
                entry.put("replicaSet", server.getSetName());
            }
            servers.add(entry);
        });
        answer.put("servers", servers);
        return answer;
    }

    /** Shard name, its replica set and members (from "rs/host,host"), and its users. */
    private static List<Map<String, Object>> shards(UserCount count) {
        List<Map<String, Object>> shards = new ArrayList<>();
        count.replicaSets().forEach((name, host) -> {
            int slash = host.indexOf('/');
            Map<String, Object> shard = new LinkedHashMap<>();
            shard.put("name", name);
            shard.put("replicaSet", slash < 0 ? null : host.substring(0, slash));
            List<String> members = Arrays.asList(host.substring(slash + 1).split(","));
            shard.put("members", members);
            shard.put("replicas", members.size());
            shard.put("users", count.shards() == null ? null : count.shards().get(name));
            shards.add(shard);
        });
        return shards;
    }

    private Map<String, Object> redis() {
        ClusterView view = cache.clusterView();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("cache", view.state());
        answer.put("slotsServed", view.slotsServed());
        answer.put("masters", view.masters());
        return answer;
    }

}
