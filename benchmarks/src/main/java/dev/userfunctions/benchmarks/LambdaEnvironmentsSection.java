package dev.userfunctions.benchmarks;

import dev.userfunctions.measure.Stats;

import dev.userfunctions.aws.LambdaInvocations;
import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.fixtures.FreezingProxy;
import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;
import dev.userfunctions.harness.Thaws;
import dev.userfunctions.users.SeedBatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.userfunctions.benchmarks.Markdown.number;
import static dev.userfunctions.benchmarks.Markdown.table;

/**
 * getUser's Lambda environments as the harness runs them (functions/local/test-support):
 * cold starts at the template's CPU share, invocations after freezes against warm ones,
 * and the connections an environment opens.
 */
final class LambdaEnvironmentsSection extends StackSection {

    private static final String DATABASE = "bench_lambda_env";

    private static final int COLD_STARTS = 6;

    /** Cold starts at once: two at 0.58 vCPU each fit this machine's two cores. */
    private static final int SIDE_BY_SIDE = 2;

    private static final int ENVIRONMENTS = 3;

    private static final int WARM_INVOCATIONS = 20;

    private static final List<Duration> FREEZES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(15),
            Duration.ofSeconds(45));

    /**
     * One invocation every 15 s for two minutes: the cadence the hourly connection figure
     * is scaled from.
     */
    private static final List<Duration> CADENCE = Collections.nCopies(8, Duration.ofSeconds(15));

    private final String event;

    LambdaEnvironmentsSection(Path root, Map<String, String> headlines, EmbeddedStack stack) {
        super(root, headlines, stack);
        try {
            this.event = Files.readString(root.resolve("functions/get-user/src/test/resources/events/rest-api-v1.json"))
                .replace("NAME", "ly1");
        }
        catch (IOException e) {
            throw new UncheckedIOException("getUser's API Gateway event fixture", e);
        }
    }

    @Override
    void measure() throws Exception {
        try (Components seed = new Components(stack, DATABASE)) {
            SeedBatch.covering("ly", 0, 10).forEach(seed.users::upsertBatch);
        }
        coldStarts();
        thaws();
    }

    private LambdaEnvironment.Builder getUser(String mongoUri) {
        return LambdaEnvironment.builder(getUserLambdaJar(), GET_USER_HANDLER)
            .functionName("getUser")
            .variable("MONGODB_URI", mongoUri)
            .variable("MONGODB_DATABASE", DATABASE)
            .variable("REDIS_NODES", stack.redisSeeds())
            .variable("LOGGING_LEVEL_DE_BWALDVOGEL", "warn");
    }

    private void coldStarts() {
        List<List<String>> rows = new ArrayList<>();
        List<Double> inits = new ArrayList<>();
        List<Double> firsts = new ArrayList<>();
        String describe = "";
        long bypassed = 0;
        for (int started = 0; started < COLD_STARTS; started += SIDE_BY_SIDE) {
            List<LambdaEnvironment> burst = new ArrayList<>();
            try {
                for (int i = 0; i < SIDE_BY_SIDE; i++) {
                    burst.add(getUser(stack.mongoUri()).start());
                }
                for (LambdaEnvironment environment : burst) {
                    describe = environment.describe();
                    double init = environment.awaitInit().toNanos() / 1e6;
                    Invocation first = environment.invoke(event);
                    double firstMillis = first.duration().toNanos() / 1e6;
                    String xCache = xCache(first);
                    bypassed += xCache.equals("BYPASS") ? 1 : 0;
                    inits.add(init);
                    firsts.add(firstMillis);
                    rows.add(List.of(String.valueOf(rows.size() + 1), number(init), number(firstMillis), xCache));
                }
            }
            finally {
                burst.forEach(LambdaEnvironment::close);
            }
        }
        md.append("getUser's Lambda jar in separate environments as the test harness starts them (Lambda's runtime ")
            .append("loop with the managed java25 runtime's JVM options and variables, a CPU cgroup each at the ")
            .append("template's 1,024 MB share of a vCPU, events handed out one at a time by a Runtime API emulator; ")
            .append(describe.replaceAll("^getUser \\(pid \\d+\\) on ", ""))
            .append("), %d started at once. Init runs from the JVM's start to the runtime's first request for an "
                .formatted(SIDE_BY_SIDE))
            .append("event; the first answer is the first invocation's duration as Lambda times it (event handed ")
            .append("over to response received).\n\n");
        md.append(table(List.of("cold start", "init ms", "first answer ms", "X-Cache"), rows));
        md.append("\nMedians: init **%s ms**, first answer **%s ms**; %d of %d first invocations bypassed the cache.\n"
            .formatted(number(Stats.median(inits)), number(Stats.median(firsts)), bypassed, COLD_STARTS));
        headlines.put("Lambda cold start",
                ("at 0.58 vCPU init takes %s ms and the first answer %s ms (medians of %d); %d of them bypassed "
                        + "the cache")
                    .formatted(number(Stats.median(inits)), number(Stats.median(firsts)), COLD_STARTS, bypassed));
    }

    private void thaws() {
        try (FreezingProxy mongo = FreezingProxy.to(stack.mongo().port())) {
            long redisBefore = stack.redis().connectionsReceived();
            int mongoBefore = mongo.connectionsAccepted();
            List<LambdaEnvironment> environments = new ArrayList<>();
            try {
                for (int i = 0; i < ENVIRONMENTS; i++) {
                    environments
                        .add(getUser("mongodb://127.0.0.1:" + mongo.port()).functionName("getUser-" + i).start());
                }
                List<Double> warm = millis(Thaws.warm(environments, event, WARM_INVOCATIONS));
                long redisAfterInit = stack.redis().connectionsReceived();
                double redisAtInit = (redisAfterInit - redisBefore - countingConnections()) / (double) ENVIRONMENTS;
                int mongoAfterInit = mongo.connectionsAccepted();
                Map<Duration, List<Invocation>> thawed = Thaws.sideBySide(environments, FREEZES, event);
                long redisByThaws = stack.redis().connectionsReceived() - redisAfterInit - countingConnections();
                int mongoByThaws = mongo.connectionsAccepted() - mongoAfterInit;
                long redisBeforeCadence = stack.redis().connectionsReceived();
                int mongoBeforeCadence = mongo.connectionsAccepted();
                long started = System.nanoTime();
                Thaws.sideBySide(environments, CADENCE, event);
                double minutes = (System.nanoTime() - started) / 60e9;
                long byCadence = stack.redis().connectionsReceived() - redisBeforeCadence - countingConnections()
                        + mongo.connectionsAccepted() - mongoBeforeCadence;

                double warmMedian = Stats.median(warm);
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("warm (%d)".formatted(warm.size()), number(warmMedian), "1.00×", "HIT"));
                for (Duration freeze : FREEZES) {
                    List<Invocation> after = thawed.get(freeze);
                    double median = Stats.median(millis(after.stream().map(Invocation::duration).toList()));
                    rows.add(List.of("after a %d s freeze (%d)".formatted(freeze.toSeconds(), after.size()),
                            number(median), "%.2f×".formatted(median / warmMedian), String.join(", ",
                                    after.stream().map(LambdaEnvironmentsSection::xCache).distinct().toList())));
                }
                double perHour = byCadence / (double) ENVIRONMENTS / minutes * 60;
                md.append("\n%d environments side by side, each invoked %d times warm, then frozen (SIGSTOP once its "
                    .formatted(ENVIRONMENTS, WARM_INVOCATIONS + 1))
                    .append("runtime had asked for the next event) for 1 s, 15 s and 45 s in turn and invoked after ")
                    .append("each thaw. A stopped process's kernel still answers TCP, so this shows the client's own ")
                    .append("behaviour at a thaw, not what a real freeze does to its sockets.\n\n");
                md.append(table(List.of("invocation", "median ms", "vs warm", "X-Cache"), rows));
                md.append("\nConnections per environment: at init and its first %d invocations **%s to Redis** "
                    .formatted(WARM_INVOCATIONS + 1, number(redisAtInit)))
                    .append("(the nodes' `total_connections_received`) and **%s to MongoDB** (a proxy counting the "
                        .formatted(number((mongoAfterInit - mongoBefore) / (double) ENVIRONMENTS)))
                    .append("connections it accepts); by the %d thawed invocations above, **%d to Redis and "
                        .formatted(ENVIRONMENTS * FREEZES.size(), redisByThaws))
                    .append("%d to MongoDB**. Then each was invoked every 15 s (frozen in between) for %s minutes: "
                        .formatted(mongoByThaws, number(minutes)))
                    .append("%d connections in all; scaled from those minutes to an hour, an environment opens "
                        .formatted(byCadence))
                    .append("**%s connections an hour** after its init (topology unchanged). docs/DEPLOY.md "
                        .formatted(number(perHour)))
                    .append("(\"Lambda at scale\") multiplies these out.\n");
                headlines.put("Lambda thaws",
                        ("an invocation after a 45 s freeze takes %.2f× a warm one; %d thawed invocations opened "
                                + "%d connections")
                            .formatted(Stats
                                .median(millis(thawed.get(FREEZES.get(2)).stream().map(Invocation::duration).toList()))
                                    / warmMedian, ENVIRONMENTS * FREEZES.size(), redisByThaws + mongoByThaws));
            }
            finally {
                environments.forEach(LambdaEnvironment::close);
            }
        }
    }

    /**
     * The connections {@code connectionsReceived()} opens to count (one per node), which
     * it counts.
     */
    private long countingConnections() {
        return stack.redis().nodes().stream().filter(node -> node.isRunning()).count();
    }

    private static List<Double> millis(List<Duration> durations) {
        return durations.stream().map(duration -> duration.toNanos() / 1e6).toList();
    }

    private static String xCache(Invocation invocation) {
        return LambdaInvocations.JSON.readTree(invocation.response()).get("headers").get("X-Cache").asString();
    }

}
