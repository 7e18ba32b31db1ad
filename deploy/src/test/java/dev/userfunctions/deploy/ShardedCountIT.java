package dev.userfunctions.deploy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.userfunctions.users.UserEvents;
import dev.userfunctions.users.UserCount;
import dev.userfunctions.users.UserRepository;
import dev.userfunctions.users.config.ReopenableMongoDatabaseFactory;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * countUsers' repository through a router of the {@link FakeShardedCluster} (two shards
 * of three members, set up with the same commands as the init container sends): the
 * driver discovers a mongos, and the count carries the documents per shard and each
 * shard's replica set with its members, from {@code $collStats} and {@code listShards} as
 * MongoDB's manual documents their replies.
 */
class ShardedCountIT {

    private static FakeShardedCluster cluster;

    @BeforeAll
    static void setUpTheCluster() {
        cluster = FakeShardedCluster.start(2, 3);
        for (String replicaSet : List.of("configrs", "shard1", "shard2")) {
            List<String> members = cluster.members(replicaSet);
            Document config = new Document("_id", replicaSet).append("members",
                    members.stream()
                        .map(host -> new Document("_id", members.indexOf(host)).append("host", host))
                        .toList());
            if (replicaSet.equals("configrs")) {
                config.append("configsvr", true);
            }
            admin(members.get(0), new Document("replSetInitiate", config));
        }
        await("shard primaries elected").atMost(Duration.ofSeconds(10))
            .until(() -> List.of("shard1", "shard2")
                .stream()
                .allMatch(rs -> admin(cluster.members(rs).get(0), new Document("hello", 1)).get("primary") != null));
        for (String shard : List.of("shard1", "shard2")) {
            admin(cluster.router(), new Document("addShard", shard + "/" + String.join(",", cluster.members(shard)))
                .append("name", shard));
        }
        admin(cluster.router(), new Document("enableSharding", "somedb"));
        admin(cluster.router(),
                new Document("shardCollection", "somedb.users").append("key", new Document("name", "hashed")));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Document admin(String host, Document command) {
        try (MongoClient client = MongoClients
            .create("mongodb://" + host + "/?directConnection=true&serverSelectionTimeoutMS=2000")) {
            return client.getDatabase("admin").runCommand(command);
        }
    }

    @Test
    void throughARouterTheCountHasUsersPerShardAndEachShardsMembers() throws Exception {
        cluster.documentsPerShard(Map.of("shard1", 3L, "shard2", 2L));
        try (ReopenableMongoDatabaseFactory factory = new ReopenableMongoDatabaseFactory(
                () -> MongoClients.create("mongodb://" + cluster.router() + "/?serverSelectionTimeoutMS=2000"),
                "somedb", () -> false)) {
            MongoTemplate template = new MongoTemplate(factory);
            template.getCollection("users")
                .insertMany(List.of(new Document("name", "ly0"), new Document("name", "ly1"),
                        new Document("name", "ly2"), new Document("name", "ly3"), new Document("name", "ly4")));

            UserCount count = new UserRepository(template, UserEvents.NONE).count();

            assertThat(factory.connectedToRouter()).as("the driver discovered a mongos").isTrue();
            assertThat(count.total()).isEqualTo(5);
            assertThat(count.shards()).isEqualTo(Map.of("shard1", 3L, "shard2", 2L));
            assertThat(count.replicaSets())
                .isEqualTo(Map.of("shard1", "shard1/" + String.join(",", cluster.members("shard1")), "shard2",
                        "shard2/" + String.join(",", cluster.members("shard2"))));
            String answer = JsonMapper.builder().build().writeValueAsString(count);
            System.out.println("countUsers through the fake cluster's router: " + answer);
            Files.writeString(Path.of("target", "sharded-count.json"), answer);
        }
    }

}
