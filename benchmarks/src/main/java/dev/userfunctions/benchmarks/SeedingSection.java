package dev.userfunctions.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.seedusers.SeedUsersConfiguration;
import dev.userfunctions.seedusers.SeedUsersFunction;
import dev.userfunctions.users.UserRepository;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.userfunctions.benchmarks.Markdown.number;
import static dev.userfunctions.benchmarks.Markdown.table;

/** seedUsers against one insert at a time, without a network and over a modelled one. */
final class SeedingSection extends StackSection {

    SeedingSection(Path root, Map<String, String> headlines, EmbeddedStack stack) {
        super(root, headlines, stack);
    }

    @Override
    void measure() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (int count : List.of(10_000, 100_000)) {
            rows.add(seedingRow(stack, "no network (in-JVM MongoDB)", stack.mongoUri(), count, "seeding " + count));
        }
        URI mongo = URI.create(stack.mongoUri());
        for (Duration roundTrip : List.of(Duration.ofMillis(2), Duration.ofNanos(500_000))) {
            try (DelayingProxy proxy = DelayingProxy.start(roundTrip, mongo.getHost(), mongo.getPort())) {
                String rtt = "%s ms round trip".formatted(roundTrip.toNanos() / 1e6);
                rows.add(seedingRow(stack, rtt, "mongodb://127.0.0.1:" + proxy.port(), 10_000,
                        "seeding 10000 at " + rtt));
            }
        }
        md.append("seedUsers (unordered bulk upserts keyed by name, batches of 1,000, then invalidation of every "
                + "name and the count) against ")
            .append("inserting the users one `insertOne` at a time as the original app did, into empty databases "
                    + "of the embedded MongoDB. One run each. ")
            .append("Both databases get a unique index on `name` first: it stands in for the hashed shard-key "
                    + "index a real cluster has, which ")
            .append("mongo-java-server cannot build (it ignores non-unique secondary indexes, and without one "
                    + "every upsert scans the collection, ")
            .append("which makes 100,000 upserts quadratic). The embedded MongoDB answers in microseconds; the "
                    + "last rows put it behind a TCP ")
            .append("proxy that delays every chunk by half a round trip each way (`DelayingProxy`), as a cluster "
                    + "in the same availability zone ")
            .append("(0.5 ms) or across zones (2 ms) would be.\n\n");
        md.append(table(List.of("network", "users", "seedUsers ms", "one at a time ms", "speed-up"), rows));
        md.append("\nseedUsers also does more: it is idempotent (upserts) and deletes the stale cache entries. One "
                + "at a time pays a ")
            .append("round trip per user; seedUsers one per 1,000 (and one per slot group for the invalidation), "
                    + "so with a network ")
            .append("its time is mostly mongo-java-server's own work on each batch, which is the floor these "
                    + "rows show.\n");
    }

    private List<String> seedingRow(EmbeddedStack stack, String network, String mongoUri, int count, String headline) {
        String database = "bench_seed_" + Math.abs((network + count).hashCode());
        double bulk;
        double oneByOne;
        try (FunctionContext functions = FunctionContext.start(SeedUsersConfiguration.class, stack, mongoUri,
                database + "_bulk")) {
            MongoTemplate template = functions.bean(MongoTemplate.class);
            template.getDb().drop();
            indexNames(template);
            SeedUsersFunction seedUsers = functions.bean(SeedUsersFunction.class);
            long start = System.nanoTime();
            int status = seedUsers.answer(("{\"count\": " + count + "}").getBytes(StandardCharsets.UTF_8)).status();
            bulk = (System.nanoTime() - start) / 1e6;
            if (status != 200 || functions.bean(UserRepository.class).count().total() != count) {
                throw new IllegalStateException("seedUsers did not seed " + count);
            }
            template.getDb().drop();
        }
        try (MongoClient mongo = MongoClients.create(mongoUri)) {
            MongoTemplate template = new MongoTemplate(mongo, database + "_one");
            template.getDb().drop();
            indexNames(template);
            MongoCollection<Document> collection = template.getCollection("users");
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                collection.insertOne(new Document("name", "ly" + i).append("age", i));
            }
            oneByOne = (System.nanoTime() - start) / 1e6;
            template.getDb().drop();
        }
        headlines.put(headline, "seedUsers is %.1f× faster than one insert at a time".formatted(oneByOne / bulk));
        return List.of(network, "%,d".formatted(count), number(bulk), number(oneByOne),
                "%.1f×".formatted(oneByOne / bulk));
    }

    private static void indexNames(MongoTemplate template) {
        template.getCollection("users")
            .createIndex(new Document("name", 1),
                    new com.mongodb.client.model.IndexOptions().unique(true).name("name_unique"));
    }

}
