package dev.userfunctions.getuser.lambdaenv;

import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.getUser;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.getUserEvent;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.status;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.xCache;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cold starts of getUser's Lambda environments at Lambda's CPU share: the first
 * invocation of a new environment is served through the cache on a healthy stack, and
 * with Redis unreachable or tarpitted init takes at most 2 s longer (the start-up wait,
 * 1.5 s, and noise) and serves BYPASS. Environments start two at a time; each unhealthy
 * one starts beside a healthy one, so a pair sees the same noise and its difference is
 * what Redis's state costs.
 */
class LambdaColdStartIT {

    static final int HEALTHY_COLD_STARTS = 10;

    static final int COLD_STARTS_PER_FAILURE = 3;

    static final Duration MOST_INIT_ADDED = Duration.ofSeconds(2);

    static EmbeddedStack stack;

    /**
     * Every cold start, in bursts of a healthy one and a second one; each costs seconds.
     */
    static List<Burst> bursts;

    enum RedisState {

        HEALTHY, REFUSING, TARPITTED

    }

    record ColdStart(RedisState redis, Duration init, String xCache, int status) {

        @Override
        public String toString() {
            return redis + ": init " + init.toMillis() + " ms, " + status + " " + xCache;
        }

    }

    record Burst(ColdStart healthy, ColdStart beside) {

        Duration addedInit() {
            return beside.init().minus(healthy.init());
        }

    }

    @BeforeAll
    static void start() throws IOException {
        stack = EmbeddedStack.start();
        stack.mongo().insertUser("cold_start_it", "ly1", 1);
        String nothingListens;
        try (ServerSocket closed = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            nothingListens = "127.0.0.1:" + closed.getLocalPort();
        }
        bursts = new ArrayList<>();
        try (Tarpit tarpit = new Tarpit()) {
            Map<RedisState, String> redisNodes = Map.of(RedisState.HEALTHY, stack.redisSeeds(), RedisState.REFUSING,
                    nothingListens, RedisState.TARPITTED, "127.0.0.1:" + tarpit.port());
            for (int i = 0; i < COLD_STARTS_PER_FAILURE; i++) {
                bursts.add(burst(RedisState.REFUSING, redisNodes));
                bursts.add(burst(RedisState.TARPITTED, redisNodes));
            }
            while (healthy().size() < HEALTHY_COLD_STARTS) {
                bursts.add(burst(RedisState.HEALTHY, redisNodes));
            }
        }
        bursts.forEach(System.out::println);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void noFirstInvocationBypassesTheCacheOnAHealthyStack() {
        assertThat(healthy()).hasSizeGreaterThanOrEqualTo(HEALTHY_COLD_STARTS);
        assertThat(healthy()).extracting(ColdStart::status).containsOnly(200);
        assertThat(healthy()).extracting(ColdStart::xCache)
            .as("X-Cache of each first invocation")
            .doesNotContain("BYPASS");
    }

    @Test
    void withRedisUnreachableOrTarpittedInitTakesAtMostTheStartupWaitLongerAndServesBypass() {
        for (RedisState failure : List.of(RedisState.REFUSING, RedisState.TARPITTED)) {
            List<Burst> besideFailure = bursts.stream().filter(burst -> burst.beside().redis() == failure).toList();
            List<Duration> added = besideFailure.stream().map(Burst::addedInit).sorted().toList();
            Duration medianAdded = added.get(added.size() / 2);
            System.out.println("Init with Redis " + failure + ": " + medianAdded.toMillis()
                    + " ms longer than beside it on a healthy stack (median of " + added.size() + ")");

            assertThat(besideFailure).hasSize(COLD_STARTS_PER_FAILURE);
            assertThat(besideFailure).extracting(burst -> burst.beside().status()).containsOnly(200);
            assertThat(besideFailure).extracting(burst -> burst.beside().xCache()).containsOnly("BYPASS");
            assertThat(medianAdded).as("init added by Redis " + failure).isLessThanOrEqualTo(MOST_INIT_ADDED);
        }
    }

    private static List<ColdStart> healthy() {
        List<ColdStart> healthy = new ArrayList<>();
        for (Burst burst : bursts) {
            healthy.add(burst.healthy());
            if (burst.beside().redis() == RedisState.HEALTHY) {
                healthy.add(burst.beside());
            }
        }
        return healthy;
    }

    /**
     * Two environments started at once, a healthy one and one with Redis {@code beside}:
     * two at 0.58 vCPU each fit this machine's two cores beside the stack. Each is
     * invoked once.
     */
    private static Burst burst(RedisState beside, Map<RedisState, String> redisNodes) {
        try (LambdaEnvironment healthy = getUser(stack.mongoUri(), "cold_start_it", redisNodes.get(RedisState.HEALTHY))
            .start();
                LambdaEnvironment other = getUser(stack.mongoUri(), "cold_start_it", redisNodes.get(beside)).start()) {
            Burst burst = new Burst(firstInvocation(RedisState.HEALTHY, healthy), firstInvocation(beside, other));
            if (bursts.isEmpty()) {
                System.out.println("Environment: " + healthy.describe());
            }
            return burst;
        }
    }

    private static ColdStart firstInvocation(RedisState redis, LambdaEnvironment environment) {
        Duration init = environment.awaitInit();
        Invocation first = environment.invoke(getUserEvent("ly1"));
        return new ColdStart(redis, init, xCache(first), status(first));
    }

    /**
     * Accepts connections and never answers, as a black-holed or overloaded node does.
     */
    static final class Tarpit implements AutoCloseable {

        private final ServerSocket server;

        private final List<Socket> held = new CopyOnWriteArrayList<>();

        Tarpit() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                try {
                    while (!server.isClosed()) {
                        held.add(server.accept());
                    }
                }
                catch (IOException closed) {
                    // Closed by close().
                }
            }, "tarpit");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() {
            try {
                server.close();
                for (Socket socket : held) {
                    socket.close();
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

    }

}
