package dev.userfunctions.local.drills;

import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.fixtures.FreezingProxy;
import dev.userfunctions.embedded.RedisNode;
import dev.userfunctions.local.LocalServerApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The local server on an embedded stack of its own (so drills can kill nodes without
 * disturbing anything else), on a free port, with extra configuration classes (the floor
 * functions of the HTTP comparison).
 *
 * @param stack the embedded stack the server uses
 * @param proxies the proxies in front of the Redis nodes ({@link #startBehindProxies()}),
 * empty otherwise
 * @param context the server's application context
 */
public record DrillServer(EmbeddedStack stack, List<FreezingProxy> proxies,
        ConfigurableApplicationContext context) implements AutoCloseable {

    public static DrillServer start() {
        return start(false, List.of());
    }

    /**
     * With more functions: {@code configuration} declares them, {@code get} names those
     * served on GET.
     */
    public static DrillServer start(Class<?> configuration, List<String> get) {
        return start(false, get, configuration);
    }

    /**
     * The local server reaching each Redis node through a {@link FreezingProxy}
     * ({@code REDIS_ADDRESS_MAP} maps the nodes' announced addresses to the proxies), so
     * that a drill can make its connections die silently.
     */
    public static DrillServer startBehindProxies() {
        return start(true, List.of());
    }

    private static DrillServer start(boolean behindProxies, List<String> extraGet, Class<?>... extraConfiguration) {
        EmbeddedStack stack = EmbeddedStack.start();
        List<FreezingProxy> proxies = new ArrayList<>();
        try {
            List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--mongodb.uri=" + stack.mongoUri(),
                    "--logging.level.root=WARN", "--logging.level.dev.userfunctions=INFO",
                    "--spring.cloud.function.http.GET=" + String.join(";",
                            Stream.concat(Stream.of("getUser", "countUsers"), extraGet.stream()).toList())));
            if (behindProxies) {
                List<RedisNode> nodes = stack.redis().nodes();
                nodes.forEach(node -> proxies.add(FreezingProxy.to(node.port())));
                arguments.add("--redis.nodes="
                        + proxies.stream().map(proxy -> "127.0.0.1:" + proxy.port()).collect(Collectors.joining(",")));
                arguments.add("--redis.address-map=" + IntStream.range(0, nodes.size())
                    .mapToObj(i -> nodes.get(i).address() + "=127.0.0.1:" + proxies.get(i).port())
                    .collect(Collectors.joining(",")));
            }
            else {
                arguments.add("--redis.nodes=" + stack.redisSeeds());
            }
            List<Class<?>> sources = new ArrayList<>(List.of(LocalServerApplication.class));
            sources.addAll(List.of(extraConfiguration));
            SpringApplication application = new SpringApplication(sources.toArray(Class<?>[]::new));
            ConfigurableApplicationContext context = application.run(arguments.toArray(String[]::new));
            return new DrillServer(stack, proxies, context);
        }
        catch (RuntimeException e) {
            proxies.forEach(FreezingProxy::close);
            stack.close();
            throw e;
        }
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        try {
            context.close();
        }
        finally {
            proxies.forEach(FreezingProxy::close);
            stack.close();
        }
    }

}
