package dev.userfunctions.benchmarks;

import dev.userfunctions.users.User;
import dev.userfunctions.users.UserRepository;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext;

import java.time.Duration;
import java.util.Arrays;

/**
 * The usual alternative: Spring's cache abstraction, {@code @Cacheable} over
 * {@code RedisCacheManager} on spring-data-redis (Lettuce, cluster mode), with the same
 * TTL and command timeout as ours.
 */
final class SpringCacheComparison implements AutoCloseable {

    private final AnnotationConfigApplicationContext context;

    SpringCacheComparison(String redisSeeds, UserRepository users) {
        context = new AnnotationConfigApplicationContext();
        context.registerBean("redisSeeds", String.class, () -> redisSeeds);
        context.registerBean(UserRepository.class, () -> users);
        context.register(Config.class);
        context.refresh();
    }

    CachedLookup lookup() {
        return context.getBean(CachedLookup.class);
    }

    CacheManager cacheManager() {
        return context.getBean(CacheManager.class);
    }

    @Override
    public void close() {
        context.close();
    }

    /** What an application would write: the lookup, annotated. */
    static class CachedLookup {

        private final UserRepository users;

        CachedLookup(UserRepository users) {
            this.users = users;
        }

        @Cacheable(cacheNames = "spring-users", unless = "#result == null")
        public User findByName(String name) {
            return users.findByName(name).orElse(null);
        }

    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class Config {

        @Bean
        LettuceConnectionFactory redisConnectionFactory(String redisSeeds) {
            LettuceConnectionFactory factory = new LettuceConnectionFactory(
                    new RedisClusterConfiguration(Arrays.asList(redisSeeds.split(","))),
                    LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(250)).build());
            factory.afterPropertiesSet();
            return factory;
        }

        @Bean
        RedisCacheManager cacheManager(LettuceConnectionFactory factory) {
            RedisCacheConfiguration defaults = RedisCacheConfiguration.defaultCacheConfig()
                .entryTtl(Duration.ofSeconds(300))
                .disableCachingNullValues()
                .serializeValuesWith(RedisSerializationContext.SerializationPair
                    .fromSerializer(new JacksonJsonRedisSerializer<>(User.class)));
            return RedisCacheManager.builder(factory).cacheDefaults(defaults).build();
        }

        @Bean
        CachedLookup cachedLookup(UserRepository users) {
            return new CachedLookup(users);
        }

    }

}
