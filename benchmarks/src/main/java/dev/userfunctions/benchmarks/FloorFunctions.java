package dev.userfunctions.benchmarks;

import dev.userfunctions.answers.Answer;
import dev.userfunctions.cache.CacheOutcome;
import dev.userfunctions.local.ScfWebAnswers;
import dev.userfunctions.users.User;
import dev.userfunctions.users.UserCacheKeys;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Floors for getUser on the same server: what the framework alone costs per request, and
 * what the one Redis round trip of a hit adds to it. {@code noop} supplies a constant;
 * {@code echo} has getUser's shape (a {@code Function<String, String>} taking the path
 * argument through the same filter); {@code rawGet} has the same shape and does a hit's
 * Redis work and nothing else: one {@code GET} of the user's cache key, its bytes
 * returned as they are; {@code userAnswer} has getUser's types and answer without Redis.
 */
@Configuration(proxyBeanMethods = false)
public class FloorFunctions {

    @Bean
    Supplier<String> noop() {
        return () -> "{}";
    }

    @Bean
    Function<String, String> echo() {
        return argument -> argument;
    }

    /**
     * getUser's types and answer without the cache: a constant user as getUser answers a
     * hit, so that the cost of SCF web converting that answer is measured apart from
     * Redis.
     */
    @Bean
    Function<Message<String>, Message<Object>> userAnswer() {
        return request -> ScfWebAnswers
            .message(Answer.ok(new User("floor", request.getPayload(), 42), CacheOutcome.HIT));
    }

    /** A bare Lettuce connection of its own to the same cluster. */
    @Bean(destroyMethod = "close")
    PlainLettuce floorRedis(@Value("${redis.nodes}") String seeds) {
        return new PlainLettuce(seeds);
    }

    @Bean
    Function<String, String> rawGet(PlainLettuce floorRedis) {
        RedisAdvancedClusterCommands<String, byte[]> redis = floorRedis.sync();
        return name -> {
            byte[] found = redis.get(UserCacheKeys.byName(name));
            return found == null ? "" : new String(found, StandardCharsets.UTF_8);
        };
    }

}
