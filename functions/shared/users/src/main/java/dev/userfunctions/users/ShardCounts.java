package dev.userfunctions.users;

import org.bson.Document;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the per-shard distribution of a collection from server replies. Pure functions of
 * the replies, so they are tested on recorded responses (the embedded MongoDB has no
 * sharding).
 */
final class ShardCounts {

    private ShardCounts() {
    }

    /** A {@code mongos} router answers {@code hello} with {@code msg: "isdbgrid"}. */
    static boolean isRouter(Document helloReply) {
        return "isdbgrid".equals(helloReply.getString("msg"));
    }

    /**
     * {@code listShards}, an admin command a router answers: the shards with their
     * replica sets and members.
     */
    static Document listShardsCommand() {
        return new Document("listShards", 1);
    }

    /**
     * Shard name to its {@code host} field, {@code "<replica set>/<member>,<member>,…"},
     * from a {@code listShards} reply ({@code {shards: [{_id, host, state, topologyTime},
     * …], ok: 1}}).
     */
    static Map<String, String> replicaSetsFromListShardsReply(Document reply) {
        List<Document> shards = reply.getList("shards", Document.class);
        if (shards == null) {
            throw new IllegalStateException("Unexpected listShards reply without shards: " + reply.toJson());
        }
        Map<String, String> hosts = new TreeMap<>();
        for (Document shard : shards) {
            hosts.put(shard.getString("_id"), shard.getString("host"));
        }
        return hosts;
    }

    /**
     * The command that returns one document per shard with that shard's document count,
     * in one round trip.
     */
    static Document collStatsCountCommand(String collection) {
        return new Document("aggregate", collection)
            .append("pipeline", List.of(new Document("$collStats", new Document("count", new Document()))))
            .append("cursor", new Document());
    }

    /**
     * Shard name to document count from the reply of {@link #collStatsCountCommand};
     * empty when the reply has no shard fields (an unsharded collection on a router
     * answers with a single shard-less document).
     */
    static Optional<Map<String, Long>> fromCollStatsReply(Document reply) {
        Document cursor = reply.get("cursor", Document.class);
        if (cursor == null) {
            throw new IllegalStateException("Unexpected $collStats reply without a cursor: " + reply.toJson());
        }
        List<Document> batch = cursor.getList("firstBatch", Document.class, List.of());
        Map<String, Long> counts = new TreeMap<>();
        for (Document perShard : batch) {
            String shard = perShard.getString("shard");
            Number count = perShard.get("count", Number.class);
            if (shard == null || count == null) {
                return Optional.empty();
            }
            counts.merge(shard, count.longValue(), Long::sum);
        }
        return Optional.of(counts);
    }

}
