package dev.userfunctions.users;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On replies recorded from MongoDB 7 (a mongos over two shards, and a standalone mongod).
 */
class ShardCountsTest {

    private static final String MONGOS_HELLO = """
            {"isWritablePrimary": true, "msg": "isdbgrid", "maxBsonObjectSize": 16777216, "maxMessageSizeBytes": 48000000,
             "maxWriteBatchSize": 100000, "localTime": {"$date": "2026-11-25T10:00:00Z"}, "maxWireVersion": 21,
             "minWireVersion": 0, "ok": 1.0}""";

    private static final String MONGOD_HELLO = """
            {"isWritablePrimary": true, "topologyVersion": {"processId": {"$oid": "65612f6c2a1b3c4d5e6f7a8b"}, "counter": 0},
             "maxBsonObjectSize": 16777216, "maxWireVersion": 21, "minWireVersion": 0, "readOnly": false, "ok": 1.0}""";

    private static final String SHARDED_COLLSTATS = """
            {"cursor": {"firstBatch": [
               {"ns": "somedb.users", "shard": "shard1", "host": "shard1-a:27018", "localTime": {"$date": "2026-11-25T10:00:00Z"}, "count": 503},
               {"ns": "somedb.users", "shard": "shard2", "host": "shard2-b:27018", "localTime": {"$date": "2026-11-25T10:00:00Z"}, "count": 497}],
              "id": 0, "ns": "somedb.users"}, "ok": 1.0}""";

    private static final String UNSHARDED_COLLSTATS = """
            {"cursor": {"firstBatch": [{"ns": "somedb.users", "host": "mongod:27017", "count": 1000}], "id": 0, "ns": "somedb.users"}, "ok": 1.0}""";

    /**
     * listShards through the router of the compose stack's cluster, shaped as the MongoDB
     * manual's listShards page ("Output": shards[] with _id, host
     * "replicaSet/member,member,…", state, topologyTime; ok; $clusterTime;
     * operationTime). No sharded server runs here to record one.
     */
    private static final String LIST_SHARDS = """
            {"shards": [
               {"_id": "shard1", "host": "shard1/shard1-a:27018,shard1-b:27018,shard1-c:27018", "state": 1,
                "topologyTime": {"$timestamp": {"t": 1795600800, "i": 1}}},
               {"_id": "shard2", "host": "shard2/shard2-a:27018,shard2-b:27018,shard2-c:27018", "state": 1,
                "topologyTime": {"$timestamp": {"t": 1795600801, "i": 1}}}],
             "ok": 1.0,
             "$clusterTime": {"clusterTime": {"$timestamp": {"t": 1795600900, "i": 3}},
                              "signature": {"hash": {"$binary": {"base64": "AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "subType": "00"}}, "keyId": 0}},
             "operationTime": {"$timestamp": {"t": 1795600900, "i": 3}}}""";

    @Test
    void readsEveryShardsReplicaSetAndMembers() {
        assertThat(ShardCounts.replicaSetsFromListShardsReply(Document.parse(LIST_SHARDS))).containsExactly(
                Map.entry("shard1", "shard1/shard1-a:27018,shard1-b:27018,shard1-c:27018"),
                Map.entry("shard2", "shard2/shard2-a:27018,shard2-b:27018,shard2-c:27018"));
        assertThat(ShardCounts.listShardsCommand().toJson()).isEqualTo("{\"listShards\": 1}");
        assertThatThrownBy(() -> ShardCounts.replicaSetsFromListShardsReply(Document.parse("{\"ok\": 1.0}")))
            .hasMessageContaining("without shards");
    }

    @Test
    void recognisesARouter() {
        assertThat(ShardCounts.isRouter(Document.parse(MONGOS_HELLO))).isTrue();
        assertThat(ShardCounts.isRouter(Document.parse(MONGOD_HELLO))).isFalse();
    }

    @Test
    void readsTheCountOfEveryShard() {
        assertThat(ShardCounts.fromCollStatsReply(Document.parse(SHARDED_COLLSTATS)))
            .contains(Map.of("shard1", 503L, "shard2", 497L));
    }

    @Test
    void aReplyWithoutShardsHasNoDistribution() {
        assertThat(ShardCounts.fromCollStatsReply(Document.parse(UNSHARDED_COLLSTATS))).isEmpty();
        assertThatThrownBy(() -> ShardCounts.fromCollStatsReply(Document.parse("{\"ok\": 1.0}")))
            .hasMessageContaining("without a cursor");
    }

    @Test
    void asksForCountsInOneAggregate() {
        Document command = ShardCounts.collStatsCountCommand("users");
        assertThat(command.toJson())
            .isEqualTo("{\"aggregate\": \"users\", \"pipeline\": [{\"$collStats\": {\"count\": {}}}], \"cursor\": {}}");
    }

}
