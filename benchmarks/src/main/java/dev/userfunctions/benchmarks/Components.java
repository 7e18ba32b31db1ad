package dev.userfunctions.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.userfunctions.users.UserEvents;
import dev.userfunctions.cache.CacheSettings;
import dev.userfunctions.cache.CacheAside;
import dev.userfunctions.cache.RedisClusterSettings;
import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.users.UserCache;
import dev.userfunctions.users.UserRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.util.function.Function;

/**
 * The functions' shared parts built by hand on a stack, as UsersConfiguration builds
 * them, for the sections that vary what the configuration fixes (single-flight off, a
 * slower repository) or measure the cache beside them. Sections that measure a function
 * take it from its configuration ({@link FunctionContext}).
 */
final class Components implements AutoCloseable {

    /** A bare connection beside the cache's, for what a section does to Redis itself. */
    final PlainLettuce redis;

    final MongoClient mongo;

    final MongoTemplate template;

    final UserRepository users;

    final UserCache cache;

    Components(EmbeddedStack stack, String database, boolean singleFlight,
            Function<MongoTemplate, UserRepository> repository) {
        mongo = MongoClients.create(stack.mongoUri());
        template = new MongoTemplate(mongo, database);
        users = repository.apply(template);
        cache = UserCache.over(CacheAside.open(
                RedisClusterSettings.builder().seeds(stack.redisSeeds()).startupWait(Duration.ofSeconds(5)).build(),
                CacheSettings.named(database).withSingleFlight(singleFlight), new SimpleMeterRegistry()),
                UserCache.DEFAULT_COUNT_TTL);
        cache.awaitStartup();
        redis = new PlainLettuce(stack.redisSeeds());
    }

    Components(EmbeddedStack stack, String database) {
        this(stack, database, true, template -> new UserRepository(template, UserEvents.NONE));
    }

    @Override
    public void close() {
        cache.close();
        redis.close();
        mongo.close();
    }

}
