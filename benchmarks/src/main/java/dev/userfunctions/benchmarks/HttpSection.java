package dev.userfunctions.benchmarks;

import dev.userfunctions.local.drills.Drills;
import dev.userfunctions.local.drills.DrillServer;

import org.springframework.messaging.Message;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.userfunctions.benchmarks.Markdown.number;
import static dev.userfunctions.benchmarks.Markdown.table;

/** getUser over HTTP against floors on the same server. */
final class HttpSection extends Section {

    HttpSection(Path root, Map<String, String> headlines) {
        super(root, headlines);
    }

    @Override
    void measure() throws Exception {
        if (!Wrk.available()) {
            throw new IllegalStateException(
                    "wrk is not installed (apt-get install wrk); benchmarks/run.sh installs it");
        }
        try (DrillServer server = DrillServer.start(FloorFunctions.class,
                List.of("noop", "echo", "rawGet", "userAnswer"))) {
            Drills.seedAndWarm(server);
            String base = "http://localhost:" + server.port();
            List<List<String>> rows = new ArrayList<>();
            Map<String, Map<String, Double>> chart = new LinkedHashMap<>();
            Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put("getUser (hit)", "/getUser/ly1");
            endpoints.put("raw Redis GET (same shape)", "/rawGet/ly1");
            endpoints.put("getUser's answer, no Redis", "/userAnswer/ly1");
            endpoints.put("echo (same shape)", "/echo/ly1");
            endpoints.put("no-op supplier", "/noop");
            for (int connections : List.of(1, 8, 32)) {
                Map<String, Wrk.Result> results = new LinkedHashMap<>();
                for (int round = 0; round < 2; round++) {
                    for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
                        results.put(endpoint.getKey(),
                                Wrk.run(base + endpoint.getValue(), connections, Duration.ofSeconds(5)));
                    }
                }
                Wrk.Result getUser = results.get("getUser (hit)");
                results.forEach((name, result) -> {
                    rows.add(List.of(connections + "", name, number(result.requestsPerSecond()),
                            number(result.percentiles().get("50%")), number(result.percentiles().get("99%"))));
                    chart.put(name + ", " + connections + " conn.", result.percentiles());
                });
                for (String floor : List.of("raw Redis GET (same shape)", "getUser's answer, no Redis",
                        "echo (same shape)", "no-op supplier")) {
                    Wrk.Result other = results.get(floor);
                    rows.add(List.of(connections + "", "**getUser / " + floor + "**",
                            "**%.2f×**".formatted(getUser.requestsPerSecond() / other.requestsPerSecond()),
                            "%.2f×".formatted(getUser.percentiles().get("50%") / other.percentiles().get("50%")),
                            "%.2f×".formatted(getUser.percentiles().get("99%") / other.percentiles().get("99%"))));
                }
                if (connections == 8) {
                    headlines.put("http",
                            ("getUser (hit) serves %.0f%% of the throughput of a function doing only its Redis GET, "
                                    + "%.0f%% of an echo function's and %.0f%% of a constant supplier's at 8 "
                                    + "connections")
                                .formatted(
                                        100 * getUser.requestsPerSecond()
                                                / results.get("raw Redis GET (same shape)").requestsPerSecond(),
                                        100 * getUser.requestsPerSecond()
                                                / results.get("echo (same shape)").requestsPerSecond(),
                                        100 * getUser.requestsPerSecond()
                                                / results.get("no-op supplier").requestsPerSecond()));
                }
            }
            Charts.percentiles("Latency percentiles through the local server (wrk)", chart,
                    List.of("50%", "75%", "90%", "99%"), figure("http-latency.png"));
            md.append("`wrk` (one thread, 5 s per measurement, a warm-up pass first, the second pass reported) "
                    + "against the local server on the embedded ")
                .append("stack: getUser for a cached user against four floors on the same server, alternating, "
                        + "at 1, 8 and 32 connections: ")
                .append("`rawGet`, a function of getUser's shape that does a hit's Redis work and nothing else "
                        + "(one `GET` of the user's cache key ")
                .append("on a cluster connection of its own, the stored bytes returned as they are); "
                        + "`userAnswer`, getUser's types ")
                .append("(`Message<String>` in, `Message<Object>` out) answering a constant user as getUser "
                        + "answers a hit, without Redis; `echo`, a ")
                .append("`Function<String, String>` returning its path argument (getUser's shape: the same "
                        + "filter, argument and message conversion); ")
                .append("and `noop`, a supplier of `{}`. Client and server share the 2 cores.\n\n");
            md.append(table(List.of("connections", "endpoint", "requests/s", "p50 ms", "p99 ms"), rows));
            md.append("""

                    ![HTTP latency percentiles](http-latency.png)

                    The echo row is the floor for a function of getUser's shape; the rawGet row adds the one
                    thing a hit
                    cannot avoid, its Redis round trip; the userAnswer row adds, instead, what SCF web does with
                    getUser's
                    answer (a message whose payload Spring MVC writes as JSON through its message converters,
                    with the
                    status and `X-Cache` headers), which echo's `String` skips. getUser pays both, and
                    comparison 1 shows
                    that the cache's own work on a hit is a small part (a hit costs little more than a raw
                    `GET`). The
                    constant supplier skips SCF's input conversion as well. A JFR
                    profile of the server under `wrk -c8` (`java
                    -XX:StartFlightRecording=filename=rec.jfr,settings=profile
                    -jar functions/local/local-server/target/local-server.jar`) puts 12 % of the request
                    threads' CPU in getUser
                    itself and the rest in Spring MVC and SCF web, the same for echo: SCF web answers every call
                    with a
                    `Mono`, which Spring MVC serves as an asynchronous request, dispatched twice through the
                    servlet
                    (`AsyncContextImpl.doInternalDispatch`, 39 % of the samples). What getUser adds in wall time
                    is mostly
                    its Redis round trip, which on 2 shared cores waits for the Redis process, Lettuce's event
                    loop and the
                    request thread to be scheduled in turn, while wrk and the server compete for the same cores.
                    An
                    earlier profile (`jcmd <pid> JFR.start`, then `jfr print --events jdk.ExecutionSample`) put
                    most of the
                    time in SCF web looking up the whole path `getUser/ly1` as a function name on every request;
                    the local
                    server now hands SCF `GET /getUser` with the argument already in place
                    (`FunctionRequestFilter`). On Lambda neither exists: each function has a handler of its
                    own.
                    """);
        }
    }

}
