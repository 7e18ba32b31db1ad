package dev.userfunctions.local.drills;

import dev.userfunctions.embedded.Pause;
import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.fixtures.FreezingProxy;
import dev.userfunctions.embedded.RedisNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Fault drills under a steady stream of getUser calls through the local server: a Redis
 * master killed, the whole Redis Cluster stopped and started again, MongoDB stopped and
 * started again. Each returns its timeline; the assertions live in the tests
 * (FaultDrillIT), the charts in the benchmark report.
 */
public final class Drills {

    public static final int USERS = 100;

    public static final int CLIENTS = 4;

    public static final Duration PAUSE = Duration.ofMillis(5);

    public record KillMasterResult(Timeline timeline, long killedAtMillis, long promotedAtMillis,
            long hitsBackAtMillis) {
    }

    public record RedisOutageResult(Timeline timeline, long stoppedAtMillis, long startedAtMillis,
            long hitsBackAtMillis, List<Double> missPathLatencies) {
    }

    public record DeadSocketsResult(Timeline timeline, long frozenAtMillis, long hitsBackAtMillis) {
    }

    public record MongoOutageResult(Timeline timeline, long stoppedAtMillis, long startedAtMillis,
            long recoveredAtMillis) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Drills() {
    }

    /** Seeds {@link #USERS} users and reads each until it is a hit. */
    public static void seedAndWarm(DrillServer server) {
        String base = "http://localhost:" + server.port();
        post(base + "/seedUsers", "{\"count\": " + USERS + "}");
        for (int i = 0; i < USERS; i++) {
            String url = base + "/getUser/ly" + i;
            waitFor("ly" + i + " cached", Duration.ofSeconds(10),
                    () -> "HIT".equals(get(url).headers().firstValue("X-Cache").orElse("")));
        }
    }

    public static KillMasterResult killMaster(DrillServer server) {
        seedAndWarm(server);
        EmbeddedStack stack = server.stack();
        List<Timeline.Event> events = new ArrayList<>();
        RedisNode victim = stack.redis().masters().get(0);
        long killedAt;
        long promotedAt;
        long hitsBackAt;
        try (LoadStream stream = LoadStream.start(CLIENTS, PAUSE,
                seq -> "http://localhost:" + server.port() + "/getUser/ly" + (seq % USERS))) {
            Pause.of(Duration.ofSeconds(3));
            killedAt = stream.now();
            victim.kill();
            events.add(new Timeline.Event(killedAt, "master :" + victim.port() + " killed"));
            waitFor("a replica promoted", Duration.ofSeconds(20), () -> {
                List<RedisNode> masters = stack.redis().masters();
                return masters.size() == 3 && !masters.contains(victim);
            });
            promotedAt = stream.now();
            events.add(new Timeline.Event(promotedAt, "replica promoted"));
            hitsBackAt = waitForHitRatio(stream, killedAt, 0.95, Duration.ofSeconds(30));
            events.add(new Timeline.Event(hitsBackAt, "hits back"));
            Pause.of(Duration.ofSeconds(2));
            return new KillMasterResult(new Timeline(stream.samples(), events), killedAt, promotedAt, hitsBackAt);
        }
        finally {
            victim.start();
        }
    }

    public static RedisOutageResult redisOutage(DrillServer server) {
        seedAndWarm(server);
        EmbeddedStack stack = server.stack();
        String base = "http://localhost:" + server.port();
        // The cache-miss path under the same load, side by side: every name is new, so
        // every read goes to MongoDB.
        List<Double> missPath;
        try (LoadStream baseline = LoadStream.start(CLIENTS, PAUSE,
                seq -> base + "/getUser/unseen-" + System.nanoTime() + "-" + seq)) {
            Pause.of(Duration.ofSeconds(3));
            missPath = Timeline.latencies(baseline.samples());
        }
        List<Timeline.Event> events = new ArrayList<>();
        try (LoadStream stream = LoadStream.start(CLIENTS, PAUSE, seq -> base + "/getUser/ly" + (seq % USERS))) {
            Outage outage = sixSecondOutage(stream, events, stack.redis()::stopAll, "all Redis nodes stopped",
                    stack.redis()::startAll, "Redis started again");
            long hitsBackAt = waitForHitRatio(stream, outage.startedAt(), 0.95, Duration.ofSeconds(30));
            events.add(new Timeline.Event(hitsBackAt, "hits back"));
            Pause.of(Duration.ofSeconds(2));
            return new RedisOutageResult(new Timeline(stream.samples(), events), outage.stoppedAt(), outage.startedAt(),
                    hitsBackAt, missPath);
        }
        finally {
            stack.redis().nodes().forEach(RedisNode::start);
        }
    }

    /**
     * Every open connection to Redis dies silently while the nodes stay healthy (the
     * server must run {@link DrillServer#startBehindProxies() behind proxies}): no error,
     * and hits come back by themselves.
     */
    public static DeadSocketsResult deadSockets(DrillServer server) {
        seedAndWarm(server);
        List<Timeline.Event> events = new ArrayList<>();
        try (LoadStream stream = LoadStream.start(CLIENTS, PAUSE,
                seq -> "http://localhost:" + server.port() + "/getUser/ly" + (seq % USERS))) {
            Pause.of(Duration.ofSeconds(3));
            long frozenAt = stream.now();
            server.proxies().forEach(FreezingProxy::freezeOpenConnections);
            events.add(new Timeline.Event(frozenAt, "every open Redis connection dead"));
            long hitsBackAt = waitForHitRatio(stream, frozenAt, 0.95, Duration.ofSeconds(30));
            events.add(new Timeline.Event(hitsBackAt, "hits back"));
            Pause.of(Duration.ofSeconds(2));
            return new DeadSocketsResult(new Timeline(stream.samples(), events), frozenAt, hitsBackAt);
        }
    }

    /**
     * Half the stream reads cached users, half reads names never seen before (always a
     * trip to MongoDB).
     */
    public static MongoOutageResult mongoOutage(DrillServer server) {
        seedAndWarm(server);
        EmbeddedStack stack = server.stack();
        String base = "http://localhost:" + server.port();
        List<Timeline.Event> events = new ArrayList<>();
        try (LoadStream stream = LoadStream.start(CLIENTS, PAUSE,
                seq -> seq % 2 == 0 ? base + "/getUser/ly" + (seq % USERS) : base + "/getUser/unseen-" + seq)) {
            Outage outage = sixSecondOutage(stream, events, stack.mongo()::stop, "MongoDB stopped",
                    stack.mongo()::startServer, "MongoDB started again");
            waitFor("an uncached read answered by MongoDB again", Duration.ofSeconds(30),
                    () -> get(base + "/getUser/unseen-probe-" + System.nanoTime()).statusCode() == 404);
            long recoveredAt = stream.now();
            events.add(new Timeline.Event(recoveredAt, "recovered"));
            Pause.of(Duration.ofSeconds(2));
            return new MongoOutageResult(new Timeline(stream.samples(), events), outage.stoppedAt(), outage.startedAt(),
                    recoveredAt);
        }
        finally {
            stack.mongo().startServer();
        }
    }

    /** When a store was stopped and started again, on the stream's clock. */
    private record Outage(long stoppedAt, long startedAt) {
    }

    /**
     * 3 s of the stream as it is, then the store stopped for 6 s; both marked on the
     * timeline.
     */
    private static Outage sixSecondOutage(LoadStream stream, List<Timeline.Event> events, Runnable stop, String stopped,
            Runnable start, String started) {
        Pause.of(Duration.ofSeconds(3));
        long stoppedAt = stream.now();
        stop.run();
        events.add(new Timeline.Event(stoppedAt, stopped));
        Pause.of(Duration.ofSeconds(6));
        long startedAt = stream.now();
        start.run();
        events.add(new Timeline.Event(startedAt, started));
        return new Outage(stoppedAt, startedAt);
    }

    /**
     * The start of the first whole second after {@code fromMillis} in which the hit ratio
     * is at least {@code ratio}.
     */
    private static long waitForHitRatio(LoadStream stream, long fromMillis, double ratio, Duration timeout) {
        long[] found = { -1 };
        waitFor("hit ratio " + ratio, timeout, () -> {
            List<LoadStream.Sample> samples = stream.samples();
            long end = stream.now() - 1000;
            for (long windowStart = fromMillis; windowStart <= end; windowStart += 100) {
                long from = windowStart;
                List<LoadStream.Sample> window = samples.stream()
                    .filter(s -> s.startMillis() >= from && s.startMillis() < from + 1000)
                    .toList();
                long hits = window.stream().filter(s -> "HIT".equals(s.cache())).count();
                if (window.size() >= 10 && hits >= ratio * window.size()) {
                    found[0] = windowStart;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    static void waitFor(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Pause.of(Duration.ofMillis(100));
        }
    }

    static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    static HttpResponse<String> post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("HTTP call failed: " + request.uri(), e);
        }
    }

}
