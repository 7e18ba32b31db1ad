package dev.userfunctions.local;

import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.fixtures.EmbeddedStackExtension;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;

/**
 * The local server on the shared embedded stack, one Spring context for every subclass;
 * each test starts from an empty database and an empty cache.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class LocalServerTestBase {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void embeddedStack(DynamicPropertyRegistry registry) {
        EmbeddedStack stack = EmbeddedStackExtension.shared();
        registry.add("mongodb.uri", stack::mongoUri);
        registry.add("mongodb.database", () -> "local_server_it");
        registry.add("redis.nodes", stack::redisSeeds);
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @BeforeEach
    void cleanSlate() {
        stack().mongo().startServer();
        mongo.getDb().drop();
        stack().redis().flushAll();
    }

    static EmbeddedStack stack() {
        return EmbeddedStackExtension.shared();
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static String xCache(HttpResponse<String> response) {
        return response.headers().firstValue("X-Cache").orElse(null);
    }

}
