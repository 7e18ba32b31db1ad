package dev.userfunctions.local;

import dev.userfunctions.users.UserCache;
import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Health of what the functions need: MongoDB answers {@code ping} (down otherwise: reads
 * of uncached users fail). The Redis Cluster is reported but never makes the server down:
 * the cache fails open. Replaces Boot's MongoDB indicator, whose {@code hello} command
 * the embedded MongoDB does not know.
 */
@Component("users")
class UsersHealthIndicator extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    private final UserCache cache;

    UsersHealthIndicator(MongoTemplate mongo, UserCache cache) {
        super("MongoDB health check failed");
        this.mongo = mongo;
        this.cache = cache;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document reply = mongo.executeCommand(new Document("ping", 1));
        boolean mongoAnswers = reply.get("ok") instanceof Number ok && ok.intValue() == 1;
        builder.status(mongoAnswers ? "UP" : "DOWN")
            .withDetail("mongodb", mongo.getDb().getName())
            .withDetail("cache", cache.isBypassed() ? "bypassed (Redis unreachable or not configured)" : "in use");
    }

}
