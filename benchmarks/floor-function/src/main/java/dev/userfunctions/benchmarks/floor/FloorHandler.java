package dev.userfunctions.benchmarks.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.mongodb.client.MongoClients;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.TimeoutOptions;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a getUser answer cannot avoid, and nothing else: in the init phase a Lettuce Redis
 * Cluster connection (to {@code REDIS_NODES}), a MongoDB client under a
 * {@code MongoTemplate} (to {@code MONGODB_URI}, database {@code MONGODB_DATABASE}) and
 * Jackson; per invocation the event parsed, one {@code GET} of the key the event names,
 * on a miss one {@code find} by name, and the proxy response written. No settings checks,
 * no cache protocol, no metrics or logs, no SnapStart hooks: the floor a function's
 * launch → first answer is measured against.
 */
public final class FloorHandler implements RequestStreamHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Duration TIMEOUT = Duration.ofMillis(250);

    private final RedisAdvancedClusterCommands<String, String> redis;

    private final MongoTemplate mongo;

    public FloorHandler() {
        List<RedisURI> seeds = Arrays.stream(System.getenv("REDIS_NODES").split(","))
            .map(seed -> RedisURI.create("redis://" + seed.strip()))
            .toList();
        RedisClusterClient client = RedisClusterClient.create(seeds);
        client.setOptions(ClusterClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(TIMEOUT)).build());
        redis = client.connect().sync();
        mongo = new MongoTemplate(MongoClients.create(System.getenv("MONGODB_URI")),
                System.getenv().getOrDefault("MONGODB_DATABASE", "somedb"));
    }

    /**
     * The event: an API Gateway proxy event whose {@code pathParameters.name} is the
     * user, and whose {@code cacheKey} is that user's key in the cache.
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        String name = event.path("pathParameters").path("name").asString();
        String body = redis.get(event.path("cacheKey").asString());
        if (body == null) {
            Document user = mongo.findOne(new Query(Criteria.where("name").is(name)), Document.class, "users");
            body = user == null ? "{\"error\":\"not found\"}" : user.toJson();
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("body", body);
        response.put("statusCode", 200);
        output.write(JSON.writeValueAsBytes(response));
    }

}
