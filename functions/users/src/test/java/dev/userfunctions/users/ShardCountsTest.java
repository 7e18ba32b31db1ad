package dev.userfunctions.users;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On replies recorded from MongoDB 7 (a mongos over two shards, and a standalone mongod). */
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
        assertThatThrownBy(() -> ShardCounts.fromCollStatsReply(Document.parse("{\"ok\": 1.0}"))).hasMessageContaining("without a cursor");
    }

    @Test
    void asksForCountsInOneAggregate() {
        Document command = ShardCounts.collStatsCountCommand("users");
        assertThat(command.toJson()).isEqualTo("{\"aggregate\": \"users\", \"pipeline\": [{\"$collStats\": {\"count\": {}}}], \"cursor\": {}}");
    }
}
