package dev.userfunctions.benchmarks;

import dev.userfunctions.local.drills.Drills;
import dev.userfunctions.local.drills.DrillServer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.userfunctions.benchmarks.Markdown.table;

/** getUser under load while every connection dies silently. */
final class DeadSocketsDrillSection extends Section {

    DeadSocketsDrillSection(Path root, Map<String, String> headlines) {
        super(root, headlines);
    }

    @Override
    void measure() throws Exception {
        try (DrillServer server = DrillServer.startBehindProxies()) {
            Drills.DeadSocketsResult result = Drills.deadSockets(server);
            long failed = result.timeline().failedRequests();
            md.append("4 clients reading 100 cached users through the local server, which reaches every Redis node "
                    + "through a TCP proxy; at 3 s ")
                .append("the proxies stop forwarding on every connection they hold (as a NAT that dropped the "
                        + "flows, or a frozen Lambda ")
                .append("environment, leaves them) while new connections still work. Each node's breaker opens "
                        + "after three command timeouts ")
                .append("and closes its sockets; Lettuce reconnects; the probe after the 2 s cool-down succeeds. "
                        + "The same drill, with its bounds, ")
                .append("runs in the test command (FaultDrillIT).\n\n");
            md.append(table(List.of("requests", "failed", "hit ratio ≥ 95 % again after", "p99 until then"),
                    List.of(List.of("%,d".formatted(result.timeline().samples().size()), failed + "",
                            "%.1f s".formatted((result.hitsBackAtMillis() - result.frozenAtMillis()) / 1000.0),
                            "%.1f ms".formatted(result.timeline()
                                .p99MillisBetween(result.frozenAtMillis(), result.hitsBackAtMillis()))))));
            md.append(timelineFigures(result.timeline(), "drill-dead-sockets",
                    "getUser under load, every Redis connection dead (nodes healthy)", "Dead sockets timeline"))
                .append('\n');
            headlines.put("dead sockets",
                    "every connection dropped silently: %d failed requests, hits back after %.1f s".formatted(failed,
                            (result.hitsBackAtMillis() - result.frozenAtMillis()) / 1000.0));
        }
    }

}
