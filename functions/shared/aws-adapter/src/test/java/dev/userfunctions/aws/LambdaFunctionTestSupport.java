package dev.userfunctions.aws;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.fixtures.EmbeddedStackExtension;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.function.Supplier;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * A function's Lambda handler, in process, on the shared embedded stack. Each test starts
 * with MongoDB up, an empty {@code users} collection and an empty cache.
 */
public abstract class LambdaFunctionTestSupport {

    protected static final String DATABASE = "lambda_it";

    protected static EmbeddedStack stack;

    protected static RequestStreamHandler handler;

    protected MongoClient mongo;

    /**
     * Call from the test's {@code @BeforeAll}: the init phase of one execution
     * environment.
     */
    protected static void startHandler(Supplier<RequestStreamHandler> constructor) {
        stack = EmbeddedStackExtension.shared();
        handler = LambdaInvocations.startHandler(constructor, stack.mongoUri(), DATABASE, stack.redisSeeds());
    }

    @BeforeEach
    void emptyStores() {
        stack.mongo().startServer();
        mongo = MongoClients.create(stack.mongoUri());
        users().drop();
        stack.redis().flushAll();
    }

    /** Leaves the shared stack as it was found: a test may have stopped MongoDB. */
    @AfterEach
    void closeClientAndRestoreMongo() {
        mongo.close();
        stack.mongo().startServer();
    }

    protected MongoCollection<Document> users() {
        return mongo.getDatabase(DATABASE).getCollection("users");
    }

}
