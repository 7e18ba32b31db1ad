package dev.userfunctions.local.drills;

import dev.userfunctions.measure.Stats;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault drills, under a steady stream of getUser calls (4 clients) through the local
 * server on an embedded stack of their own. Bounds follow from the configuration: command
 * timeout 250 ms, connect timeout 500 ms, bypass after 3 failures for 2 s,
 * cluster-node-timeout 1 s, MongoDB server selection 2 s. Timelines (CSV) go to
 * target/drills/; benchmarks/run.sh charts the same drills.
 */
class FaultDrillIT {

    static final long COMMAND_TIMEOUT_MS = 250;
    static final Path OUT = Path.of("target", "drills");
    static DrillServer server;

    @BeforeAll
    static void start() {
        server = DrillServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void record(String name, Timeline timeline) {
        timeline.writeCsv(OUT.resolve(name + ".csv"));
    }

    @Test
    void aKilledMasterFailsNoRequest() {
        Drills.KillMasterResult result = Drills.killMaster(server);
        Timeline timeline = result.timeline();
        record("kill-master", timeline);

        assertThat(timeline.samples()).hasSizeGreaterThan(1000);
        assertThat(timeline.samples()).as("failed requests").noneMatch(LoadStream.Sample::failed);
        double failoverP99 = Stats
            .percentile(Timeline.latencies(timeline.between(result.killedAtMillis(), result.hitsBackAtMillis())), 99);
        System.out.printf(
                "kill-master drill: %d requests, p99 during the failover %.2f ms, hits back %d ms after the kill%n",
                timeline.samples().size(), failoverP99, result.hitsBackAtMillis() - result.killedAtMillis());
        // At worst one GET and one write-back SET time out on a request's path: 2 x 250
        // ms, plus 250 ms for a noisy machine.
        assertThat(failoverP99).as("p99 during the failover, ms").isLessThan(3.0 * COMMAND_TIMEOUT_MS);
        // Node timeout 1 s + election + adaptive topology refresh + at most two 2 s
        // cool-downs, with room to spare.
        assertThat(result.hitsBackAtMillis() - result.killedAtMillis()).as("hit ratio back to 95 % after, ms")
            .isLessThan(15_000);
    }

    @Test
    void aStoppedClusterFailsNoRequestAndIsUsedAgainWithoutARestart() {
        Drills.RedisOutageResult result = Drills.redisOutage(server);
        Timeline timeline = result.timeline();
        record("redis-outage", timeline);
        List<LoadStream.Sample> outage = timeline.between(result.stoppedAtMillis() + 3000, result.startedAtMillis());
        double outageMedian = Stats.median(Timeline.latencies(outage));
        double outageP99 = Stats.percentile(Timeline.latencies(outage), 99);
        double missPathMedian = Stats.median(result.missPathLatencies());
        System.out.printf(
                "redis-outage drill: miss-path median %.2f ms, outage median %.2f ms, p99 %.2f ms, hits back %d ms after the restart%n",
                missPathMedian, outageMedian, outageP99, result.hitsBackAtMillis() - result.startedAtMillis());

        assertThat(timeline.samples()).as("failed requests").noneMatch(LoadStream.Sample::failed);
        assertThat(outage).isNotEmpty().allMatch(sample -> "BYPASS".equals(sample.cache()));
        assertThat(outageMedian).as("median during the outage (ms) vs the cache-miss path (%.2f ms)", missPathMedian)
            .isLessThan(2 * missPathMedian + 2);
        assertThat(outageP99).as("p99 during the outage, ms: no timeout waits").isLessThan(COMMAND_TIMEOUT_MS);
        assertThat(result.hitsBackAtMillis() - result.startedAtMillis()).as("hits back after the restart, ms")
            .isLessThan(20_000);
    }

    @Test
    void connectionsThatDieSilentlyFailNoRequestAndHitsComeBackWithinFiveSeconds() {
        try (DrillServer behindProxies = DrillServer.startBehindProxies()) {
            Drills.DeadSocketsResult result = Drills.deadSockets(behindProxies);
            Timeline timeline = result.timeline();
            record("dead-sockets", timeline);
            long hitsBack = result.hitsBackAtMillis() - result.frozenAtMillis();
            double p99 = Stats.percentile(
                    Timeline.latencies(timeline.between(result.frozenAtMillis(), result.hitsBackAtMillis())), 99);
            System.out.printf(
                    "dead-sockets drill: %d requests, p99 until hits are back %.2f ms, hits back %d ms after the freeze%n",
                    timeline.samples().size(), p99, hitsBack);

            assertThat(timeline.samples()).as("failed requests").noneMatch(LoadStream.Sample::failed);
            // Three command timeouts open each node's breaker and replace its sockets;
            // the probe follows the 2 s cool-down.
            assertThat(hitsBack).as("hit ratio back to 95 % after, ms").isLessThan(5_000);
            assertThat(p99).as("p99 until hits are back, ms").isLessThan(3.0 * COMMAND_TIMEOUT_MS);
        }
    }

    @Test
    void mongoDownServesCachedUsersAnswersTheRest503AndRecovers() {
        Drills.MongoOutageResult result = Drills.mongoOutage(server);
        Timeline timeline = result.timeline();
        record("mongo-outage", timeline);
        System.out.printf("mongo-outage drill: slowest answer %d ms, recovered %d ms after the restart%n",
                timeline.samples().stream().mapToLong(LoadStream.Sample::latencyMicros).max().orElse(0) / 1000,
                result.recoveredAtMillis() - result.startedAtMillis());

        assertThat(timeline.samples()).as("every request answered").noneMatch(sample -> sample.status() == 0);
        List<LoadStream.Sample> outage = timeline.between(result.stoppedAtMillis() + 500, result.startedAtMillis());
        List<LoadStream.Sample> cached = outage.stream().filter(sample -> "HIT".equals(sample.cache())).toList();
        List<LoadStream.Sample> uncached = outage.stream().filter(sample -> !"HIT".equals(sample.cache())).toList();
        assertThat(cached).isNotEmpty().allMatch(sample -> sample.status() == 200);
        // 503 while MongoDB is down; a request still waiting for a server when it comes
        // back gets its real answer.
        assertThat(uncached).isNotEmpty()
            .anyMatch(sample -> sample.status() == 503)
            .allMatch(sample -> sample.status() == 503 || sample.status() == 404
                    && sample.startMillis() + sample.latencyMicros() / 1000 >= result.startedAtMillis());
        // Server selection gives up after 2 s; 1 s of margin.
        assertThat(uncached.stream().mapToLong(LoadStream.Sample::latencyMicros).max().orElseThrow() / 1000)
            .as("slowest 503, ms")
            .isLessThan(3000);
        List<LoadStream.Sample> after = timeline.between(result.recoveredAtMillis() + 500, Long.MAX_VALUE);
        assertThat(after).isNotEmpty();
        assertThat(after).as("answers after recovery")
            .filteredOn(sample -> sample.status() != 200 && sample.status() != 404)
            .isEmpty();
        assertThat(result.recoveredAtMillis() - result.startedAtMillis()).as("recovered after the restart, ms")
            .isLessThan(15_000);
    }

}
