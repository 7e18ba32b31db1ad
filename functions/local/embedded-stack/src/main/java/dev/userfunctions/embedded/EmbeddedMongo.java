package dev.userfunctions.embedded;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-JVM MongoDB wire server (mongo-java-server, memory backend) on a free loopback
 * port. It has no sharding and no replication; {@link #stop()} and {@link #start()}
 * simulate an outage on the same port.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final int port;

    private final DurableMemoryBackend backend = new DurableMemoryBackend();

    private MongoServer server;

    private EmbeddedMongo(int port) {
        this.port = port;
    }

    public static EmbeddedMongo start() {
        EmbeddedMongo mongo = new EmbeddedMongo(FreePorts.find(1, false)[0]);
        mongo.startServer();
        ShutdownHook.register(mongo);
        log.info("MongoDB wire server (mongo-java-server, in memory) on {}", mongo.connectionString());
        return mongo;
    }

    public int port() {
        return port;
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Starts again on the same port after {@link #stop()}, with the data it held before
     * the outage.
     */
    public synchronized void startServer() {
        if (server == null) {
            MongoServer fresh = new MongoServer(backend);
            fresh.bind("127.0.0.1", port);
            server = fresh;
        }
    }

    /** Adds {@code {name, age}} to the {@code users} collection of {@code database}. */
    public void insertUser(String database, String name, int age) {
        try (MongoClient client = MongoClients.create(connectionString())) {
            client.getDatabase(database)
                .getCollection("users")
                .insertOne(new Document("name", name).append("age", age));
        }
    }

    /**
     * Closes the port and every open connection, as a crashed server would; the data
     * survives.
     */
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    /**
     * A unique ascending index on {@code field}: mongo-java-server honours unique indexes
     * and ignores the rest, so this is what lets lookups and upserts by that field stop
     * scanning the collection.
     */
    public void createUniqueIndex(String database, String collection, String field) {
        try (MongoClient client = MongoClients.create(connectionString())) {
            client.getDatabase(database)
                .getCollection(collection)
                .createIndex(new Document(field, 1), new IndexOptions().unique(true).name(field + "_unique"));
        }
    }

    @Override
    public void close() {
        stop();
        backend.discard();
        ShutdownHook.unregister(this);
    }

    /**
     * MongoServer closes (and empties) its backend on shutdown; an outage should not lose
     * the data.
     */
    private static final class DurableMemoryBackend extends MemoryBackend {

        @Override
        public void close() {
        }

        void discard() {
            super.close();
        }

    }

}
