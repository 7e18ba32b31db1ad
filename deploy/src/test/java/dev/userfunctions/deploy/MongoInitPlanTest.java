package dev.userfunctions.deploy;

import dev.userfunctions.harness.Commands;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The MongoDB init decisions (init/mongo/plan.js) against recorded replies of a fresh and
 * of an initialised cluster, under Node's test runner: which commands each state gets,
 * and the bounded failures.
 */
class MongoInitPlanTest {

    @Test
    void theInitPlanPassesItsRecordedReplyTests() {
        assumeTrue(Commands.onPath("node"),
                () -> Tools.skipped("Node.js is not installed; skipping init/mongo/plan.test.js"));

        Tools.Result result = Tools.run(TemplateTest.ROOT, Map.of(), Duration.ofSeconds(60),
                List.of("node", "--test", "init/mongo/"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("# pass 6").contains("# fail 0");
    }

}
