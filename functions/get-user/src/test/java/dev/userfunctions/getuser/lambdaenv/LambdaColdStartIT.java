package dev.userfunctions.getuser.lambdaenv;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.userfunctions.embedded.EmbeddedStack;
import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;
import org.bson.Document;
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
 * 1.5 s, and noise) and serves BYPASS.
 */
class LambdaColdStartIT {

    static final int COLD_STARTS = 10;

    /**
     * Environments started at once: two at 0.58 vCPU each fit this machine's two cores
     * beside the stack.
     */
    static final int SIDE_BY_SIDE = 2;

    static EmbeddedStack stack;

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.start();
        try (MongoClient mongo = MongoClients.create(stack.mongoUri())) {
            mongo.getDatabase("cold_start_it")
                .getCollection("users")
                .insertOne(new Document("name", "ly1").append("age", 1));
        }
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    record ColdStart(Duration init, String xCache, int status) {
    }

    @Test
    void noFirstInvocationBypassesTheCacheOnAHealthyStack() {
        List<ColdStart> starts = coldStarts(COLD_STARTS, stack.redisSeeds());

        System.out.println("Cold starts on a healthy stack: " + starts);
        assertThat(starts).extracting(ColdStart::status).containsOnly(200);
        assertThat(starts).extracting(ColdStart::xCache)
            .as("X-Cache of each first invocation")
            .doesNotContain("BYPASS");
    }

    @Test
    void withRedisUnreachableOrTarpittedInitTakesAtMostTheStartupWaitLongerAndServesBypass() throws IOException {
        Duration healthy = median(coldStarts(3, stack.redisSeeds()));
        List<ColdStart> refused;
        List<ColdStart> tarpitted;
        try (ServerSocket closed = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String nothingListens = "127.0.0.1:" + closed.getLocalPort();
            closed.close();
            refused = coldStarts(3, nothingListens);
        }
        try (Tarpit tarpit = new Tarpit()) {
            tarpitted = coldStarts(3, "127.0.0.1:" + tarpit.port());
        }
        System.out.println("Init: healthy median " + healthy.toMillis() + " ms; Redis refusing " + refused
                + "; Redis tarpitted " + tarpitted);

        for (List<ColdStart> starts : List.of(refused, tarpitted)) {
            assertThat(starts).extracting(ColdStart::status).containsOnly(200);
            assertThat(starts).extracting(ColdStart::xCache).containsOnly("BYPASS");
            assertThat(median(starts)).isLessThanOrEqualTo(healthy.plusSeconds(2));
        }
    }

    private static Duration median(List<ColdStart> starts) {
        List<Duration> inits = starts.stream().map(ColdStart::init).sorted().toList();
        return inits.get(inits.size() / 2);
    }

    /** {@code count} cold starts, {@link #SIDE_BY_SIDE} at a time, each invoked once. */
    private static List<ColdStart> coldStarts(int count, String redisNodes) {
        List<ColdStart> starts = new ArrayList<>();
        for (int started = 0; started < count; started += SIDE_BY_SIDE) {
            List<LambdaEnvironment> burst = new ArrayList<>();
            try {
                for (int i = started; i < Math.min(count, started + SIDE_BY_SIDE); i++) {
                    burst.add(getUser(stack.mongoUri(), "cold_start_it", redisNodes).start());
                }
                for (LambdaEnvironment environment : burst) {
                    Duration init = environment.awaitInit();
                    Invocation first = environment.invoke(getUserEvent("ly1"));
                    starts.add(new ColdStart(init, xCache(first), status(first)));
                    if (starts.size() == 1) {
                        System.out.println("Environment: " + environment.describe());
                    }
                }
            }
            finally {
                burst.forEach(LambdaEnvironment::close);
            }
        }
        return starts;
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
