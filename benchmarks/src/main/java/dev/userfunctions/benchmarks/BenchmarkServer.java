package dev.userfunctions.benchmarks;

import dev.userfunctions.embedded.EmbeddedStack;
import dev.userfunctions.local.LocalServerApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The local server on an embedded stack of its own (so drills can kill nodes without disturbing anything else),
 * on a free port, with extra configuration classes (a no-op function for the HTTP comparison).
 */
public final class BenchmarkServer implements AutoCloseable {

    private final EmbeddedStack stack;
    private final ConfigurableApplicationContext context;

    private BenchmarkServer(EmbeddedStack stack, ConfigurableApplicationContext context) {
        this.stack = stack;
        this.context = context;
    }

    public static BenchmarkServer start(Class<?>... extraConfiguration) {
        EmbeddedStack stack = EmbeddedStack.start();
        try {
            List<Class<?>> sources = new ArrayList<>(List.of(LocalServerApplication.class));
            sources.addAll(List.of(extraConfiguration));
            SpringApplication application = new SpringApplication(sources.toArray(Class<?>[]::new));
            ConfigurableApplicationContext context = application.run(
                    "--server.port=0",
                    "--mongodb.uri=" + stack.mongoUri(),
                    "--redis.nodes=" + stack.redisSeeds(),
                    "--logging.level.root=WARN",
                    "--logging.level.dev.userfunctions=INFO",
                    "--spring.cloud.function.http.GET=getUser;countUsers;noop");
            return new BenchmarkServer(stack, context);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public EmbeddedStack stack() {
        return stack;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            stack.close();
        }
    }
}
