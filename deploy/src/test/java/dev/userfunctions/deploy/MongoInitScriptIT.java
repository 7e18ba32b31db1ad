package dev.userfunctions.deploy;

import dev.userfunctions.harness.Commands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The MongoDB init container's script, init/mongo/init-sharded-cluster.js, run as the
 * container runs it ({@code mongosh --nodb --quiet}) under the real mongosh, against a
 * {@link FakeShardedCluster} of eight wire-protocol servers: a config server, two shards
 * of three members, a router.
 */
class MongoInitScriptIT {

    private static final Duration BOUND = Duration.ofSeconds(60);

    private FakeShardedCluster cluster;

    @BeforeEach
    void startCluster() {
        assumeTrue(Commands.onPath("mongosh"),
                () -> Tools.skipped("mongosh is not installed (npm install -g mongosh; .ci/run installs it)"));
        cluster = FakeShardedCluster.start(2, 3);
    }

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Tools.Result runInit(String settingsJson) {
        return Tools.run(TemplateTest.ROOT,
                Map.of("INIT_DIR", TemplateTest.ROOT.resolve("init/mongo").toString(), "MONGO_INIT_SETTINGS",
                        settingsJson),
                BOUND, List.of("mongosh", "--nodb", "--quiet", "init/mongo/init-sharded-cluster.js"));
    }

    private List<String> writeCommands() {
        return cluster.commands()
            .stream()
            .filter(c -> FakeShardedCluster.WRITE_COMMANDS.contains(c.name()))
            .map(c -> c.name() + " "
                    + (c.name().equals("replSetInitiate")
                            ? ((de.bwaldvogel.mongo.bson.Document) c.body().get("replSetInitiate")).get("_id") + " on "
                                    + c.member()
                            : c.body().get(c.name()) + " on " + c.member()))
            .toList();
    }

    @Test
    void aFreshClusterGetsExactlyTheCommandsItNeedsInOrderAndASecondRunChangesNothing() {
        Tools.Result first = runInit(cluster.settingsJson(30));

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("[mongo-init] done:")
            .contains("\"somedb.users\":\"sharded\"")
            .as("the wait for an election really waits")
            .contains("waiting for a primary in configrs");
        String router = cluster.router();
        assertThat(writeCommands()).containsExactly("replSetInitiate configrs on " + cluster.members("configrs").get(0),
                "replSetInitiate shard1 on " + cluster.members("shard1").get(0),
                "replSetInitiate shard2 on " + cluster.members("shard2").get(0),
                "addShard shard1/" + String.join(",", cluster.members("shard1")) + " on " + router,
                "addShard shard2/" + String.join(",", cluster.members("shard2")) + " on " + router,
                "enableSharding somedb on " + router, "shardCollection somedb.users on " + router);
        assertThat(cluster.commands()
            .stream()
            .filter(c -> c.name().equals("shardCollection"))
            .findFirst()
            .orElseThrow()
            .body()
            .get("key")).hasToString("{\"name\" : \"hashed\"}");
        assertThat(cluster.shards()).containsOnlyKeys("shard1", "shard2");

        cluster.clearCommands();
        Tools.Result second = runInit(cluster.settingsJson(30));

        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("already initiated").contains("already added").contains("already sharded");
        assertThat(writeCommands()).as("a second run sends no write command").isEmpty();
    }

    @Test
    void aMemberThatNeverAnswersFailsTheRunWithinItsBoundNamingIt() {
        String silent = "127.0.0.1:1";
        String settings = cluster.settingsJson(3).replace(cluster.members("shard2").get(1), silent);

        Tools.Result result = runInit(settings);

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("ERROR: timed out after 3s waiting for " + silent + " to answer");
        assertThat(result.took()).as("3 s of waiting, plus mongosh's start").isLessThan(Duration.ofSeconds(20));
        assertThat(writeCommands()).as("nothing is configured half-way").isEmpty();
    }

}
