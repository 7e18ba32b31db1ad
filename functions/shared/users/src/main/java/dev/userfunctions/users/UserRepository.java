package dev.userfunctions.users;

import com.mongodb.bulk.BulkWriteResult;
import dev.userfunctions.users.config.ReopenableMongoDatabaseFactory;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.util.Map;
import java.util.Optional;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The {@code users} collection through spring-data-mongodb. Names are bound as string
 * values in equality filters, never parsed, so no input can become a query operator.
 */
public class UserRepository {

    public static final String COLLECTION = "users";

    private final MongoTemplate mongo;

    private volatile boolean nameIndexEnsured;

    private volatile Boolean router;

    private final UserEvents events;

    /**
     * @param events told what each seed batch wrote
     */
    public UserRepository(MongoTemplate mongo, UserEvents events) {
        this.mongo = mongo;
        this.events = events;
    }

    public Optional<User> findByName(String name) {
        Document found = mongo.findOne(new Query(where("name").is(name)).limit(1), Document.class, COLLECTION);
        return Optional.ofNullable(found).map(UserRepository::toUser);
    }

    /**
     * Upserts the users of {@code batch} in one unordered bulk write. (A unique index on
     * the hashed shard key is impossible, so idempotence comes from the upsert, which
     * mongos targets to one shard by the name.) On failure some of the batch may have
     * been written.
     */
    public SeedResult upsertBatch(SeedBatch batch) {
        ensureNameIndex();
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        for (SeedBatch.SeededUser user : batch.users()) {
            bulk.upsert(new Query(where("name").is(user.name())), new Update().set("age", user.age()));
        }
        BulkWriteResult result = bulk.execute();
        events.upserted(result.getUpserts().size(), result.getMatchedCount());
        return new SeedResult(result.getUpserts().size(), result.getMatchedCount());
    }

    /**
     * The total, and when connected to a mongos router the per-shard counts and the
     * shards' replica sets (two extra round trips: one {@code $collStats} aggregate, one
     * {@code listShards}).
     */
    public UserCount count() {
        long total = mongo.getCollection(COLLECTION).countDocuments();
        if (!isRouter()) {
            return new UserCount(total, null);
        }
        Document reply = mongo.executeCommand(ShardCounts.collStatsCountCommand(COLLECTION));
        Map<String, Long> shards = ShardCounts.fromCollStatsReply(reply).orElse(null);
        if (shards == null) {
            return new UserCount(total, null);
        }
        return new UserCount(total, shards, replicaSets());
    }

    /**
     * Each shard's replica set and members, through the router ({@code listShards}: one
     * admin round trip).
     */
    private Map<String, String> replicaSets() {
        return ShardCounts.replicaSetsFromListShardsReply(
                mongo.getMongoDatabaseFactory().getMongoDatabase("admin").runCommand(ShardCounts.listShardsCommand()));
    }

    private boolean isRouter() {
        Boolean known = router;
        if (known == null) {
            // The driver knows from its own discovery; asking the server is the fallback
            // for plain factories.
            known = mongo.getMongoDatabaseFactory() instanceof ReopenableMongoDatabaseFactory factory
                    ? factory.connectedToRouter() : ShardCounts.isRouter(hello());
            router = known;
        }
        return known;
    }

    /**
     * {@code hello}, or the legacy {@code isMaster} from servers that predate it
     * (mongo-java-server among them).
     */
    private Document hello() {
        try {
            return mongo.executeCommand(new Document("hello", 1));
        }
        catch (InvalidDataAccessApiUsageException e) {
            return mongo.executeCommand(new Document("isMaster", 1));
        }
    }

    private void ensureNameIndex() {
        if (!nameIndexEnsured) {
            mongo.indexOps(COLLECTION).createIndex(new Index("name", Sort.Direction.ASC).named("name_1"));
            nameIndexEnsured = true;
        }
    }

    private static User toUser(Document document) {
        Object id = document.get("_id");
        Number age = document.get("age", Number.class);
        return new User(id instanceof ObjectId objectId ? objectId.toHexString() : String.valueOf(id),
                document.getString("name"), age == null ? 0 : age.intValue());
    }

}
