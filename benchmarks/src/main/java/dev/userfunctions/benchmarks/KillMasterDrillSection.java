package dev.userfunctions.benchmarks;

import dev.userfunctions.local.drills.Drills;
import dev.userfunctions.local.drills.DrillServer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.userfunctions.benchmarks.Markdown.table;

/** getUser under load while a Redis master is killed. */
final class KillMasterDrillSection extends Section {

    KillMasterDrillSection(Path root, Map<String, String> headlines) {
        super(root, headlines);
    }

    @Override
    void measure() throws Exception {
        try (DrillServer server = DrillServer.start()) {
            Drills.KillMasterResult result = Drills.killMaster(server);
            long failed = result.timeline().failedRequests();
            md.append("4 clients reading 100 cached users through the local server; at 3 s one of the three "
                    + "masters is killed. ")
                .append("The same drill, with its bounds asserted, runs in the test command (FaultDrillIT), with "
                        + "the Redis-outage and MongoDB-outage drills.\n\n");
            md.append(table(
                    List.of("requests", "failed", "replica promoted after", "hit ratio ≥ 95 % again after",
                            "p99 during the failover"),
                    List.of(List.of("%,d".formatted(result.timeline().samples().size()), failed + "",
                            "%.1f s".formatted((result.promotedAtMillis() - result.killedAtMillis()) / 1000.0),
                            "%.1f s".formatted((result.hitsBackAtMillis() - result.killedAtMillis()) / 1000.0),
                            "%.1f ms".formatted(result.timeline()
                                .p99MillisBetween(result.killedAtMillis(), result.hitsBackAtMillis()))))));
            md.append(timelineFigures(result.timeline(), "drill-kill-master",
                    "getUser under load, a Redis master killed (SIGKILL)", "Failover timeline"))
                .append(" ")
                .append("Only the killed master's third of the keys is bypassed while the cluster fails over; "
                        + "the other masters' keys stay hits.\n");
            headlines.put("failover", "a master killed under load: %d failed requests, hits back after %.1f s"
                .formatted(failed, (result.hitsBackAtMillis() - result.killedAtMillis()) / 1000.0));
        }
    }

}
