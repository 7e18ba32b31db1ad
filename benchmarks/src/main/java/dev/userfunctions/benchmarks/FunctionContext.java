package dev.userfunctions.benchmarks;

import dev.userfunctions.fixtures.EmbeddedStack;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A function as its configuration wires it ({@code GetUserConfiguration} and the others,
 * which the Lambda applications and the local server import too), in a plain Spring
 * context on a stack: what the benchmarks measure is the function as deployed, and a
 * constructor change is made once, in the configuration.
 */
final class FunctionContext implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private FunctionContext(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts {@code configuration} on the stack's Redis Cluster and the MongoDB at
     * {@code mongoUri} (the stack's, or a proxy in front of it), database
     * {@code database}.
     */
    static FunctionContext start(Class<?> configuration, EmbeddedStack stack, String mongoUri, String database) {
        return new FunctionContext(new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
            .bannerMode(Banner.Mode.OFF)
            .logStartupInfo(false)
            .registerShutdownHook(false)
            .properties("mongodb.uri=" + mongoUri, "mongodb.database=" + database, "redis.nodes=" + stack.redisSeeds(),
                    "logging.level.root=WARN")
            .run());
    }

    static FunctionContext start(Class<?> configuration, EmbeddedStack stack, String database) {
        return start(configuration, stack, stack.mongoUri(), database);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }

}
