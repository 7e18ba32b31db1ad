package dev.userfunctions.users;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.userfunctions.embedded.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class UserRepositoryIT {

    private EmbeddedMongo mongo;

    private MongoClient client;

    private UserRepository users;

    private MongoTemplate template;

    @BeforeEach
    void start() {
        mongo = EmbeddedMongo.start();
        client = MongoClients.create(mongo.connectionString());
        template = new MongoTemplate(client, "somedb");
        users = new UserRepository(template, UserEvents.NONE);
    }

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
    }

    /** The seed's batches written one after another, as seedUsers writes them. */
    private SeedResult seed(String prefix, int count) {
        return SeedBatch.covering(prefix, 0, count)
            .stream()
            .map(users::upsertBatch)
            .reduce((a, b) -> new SeedResult(a.inserted() + b.inserted(), a.matched() + b.matched()))
            .orElseThrow();
    }

    @Test
    void seedingTwiceCreatesNothingNewAndKeepsOneDocumentPerName() {
        SeedResult first = seed("ly", 2500);
        SeedResult second = seed("ly", 2500);

        assertThat(first).isEqualTo(new SeedResult(2500, 0));
        assertThat(second).isEqualTo(new SeedResult(0, 2500));
        assertThat(users.count()).isEqualTo(new UserCount(2500, null));
        assertThat(users.findByName("ly1499")).get().satisfies(user -> {
            assertThat(user.name()).isEqualTo("ly1499");
            assertThat(user.age()).isEqualTo(1499);
            assertThat(user.id()).hasSize(24);
        });
    }

    @Test
    void findsByExactNameOnly() {
        template.getCollection(UserRepository.COLLECTION).insertOne(new Document("name", "ly1").append("age", 1));

        assertThat(users.findByName("ly1")).isPresent();
        assertThat(users.findByName("LY1")).isEmpty();
        assertThat(users.findByName("ly")).isEmpty();
        assertThat(users.findByName("{\"$ne\": null}")).isEmpty();
        assertThat(users.findByName(".*")).isEmpty();
    }

}
