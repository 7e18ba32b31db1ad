package dev.userfunctions.embedded;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedMongoIT {

    @Test
    void anOutageClosesThePortAndARestartKeepsTheData() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start()) {
            String uri = mongo.connectionString() + "/?serverSelectionTimeoutMS=500&connectTimeoutMS=500";
            try (MongoClient client = MongoClients.create(uri)) {
                var users = client.getDatabase("somedb").getCollection("users");
                users.insertOne(new Document("name", "ly1").append("age", 1));

                mongo.stop();
                assertThat(FreePorts.isFree(mongo.port())).isTrue();
                assertThatThrownBy(() -> users.countDocuments()).isInstanceOf(MongoException.class);

                mongo.startServer();
                assertThat(users.countDocuments()).isEqualTo(1);
            }
        }
    }

}
