package dev.userfunctions.getuser.lambdaenv;

import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.fixtures.FreezingProxy;
import dev.userfunctions.embedded.RedisNode;
import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.getUser;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.getUserEvent;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.status;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.xCache;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SnapStart through the runtime's own path (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start:
 * init, the checkpoint hooks, the snapshot, the restore hooks) in a separate environment
 * at Lambda's CPU share, with the race of a connector that was still retrying: Redis is
 * unreachable during init and becomes reachable just as init ends, while the checkpoint
 * hooks run. The snapshot holds no Redis connection; after the restore the environment
 * connects anew and serves hits.
 */
class LambdaSnapStartIT {

    @AutoClose
    static EmbeddedStack stack;

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.start();
    }

    @Test
    void redisReachableOnlyAsTheCheckpointRunsLeavesNoConnectionInTheSnapshotAndTheRestoreServesHits()
            throws IOException {
        stack.mongo().insertUser("snapstart_env_it", "ly1", 1);
        int seedPort;
        try (ServerSocket nothingListensHereYet = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            seedPort = nothingListensHereYet.getLocalPort();
        }
        List<Integer> redisPorts = new ArrayList<>(stack.redis().nodes().stream().map(RedisNode::port).toList());
        redisPorts.add(seedPort);
        try (LambdaEnvironment environment = getUser(stack.mongoUri(), "snapstart_env_it", "127.0.0.1:" + seedPort)
            .snapStart(true)
            .start()) {
            await("init gives up waiting for Redis").atMost(Duration.ofSeconds(60))
                .until(() -> environment.linesMatching(line -> line.contains("not connected within")) > 0);
            try (FreezingProxy seed = FreezingProxy.on(seedPort, stack.redis().nodes().get(0).port())) {
                environment.awaitSnapshot();
                long inSnapshot = environment.connectionsTo(redisPorts);
                environment.freeze();
                long whileFrozen = environment.connectionsTo(redisPorts);
                environment.thaw();
                environment.restore();
                Invocation first = environment.invoke(getUserEvent("ly1"));
                Invocation second = environment.invoke(getUserEvent("ly1"));
                long afterRestore = environment.connectionsTo(redisPorts);
                System.out.printf(
                        "SnapStart with Redis reachable only from the checkpoint on (%s): Redis connections in the "
                                + "snapshot %d, while frozen %d, after the restore %d; first invocation %s in %.1f ms, "
                                + "second %s%n",
                        environment.describe(), inSnapshot, whileFrozen, afterRestore, xCache(first),
                        first.duration().toNanos() / 1e6, xCache(second));

                assertThat(inSnapshot).as("Redis connections in the snapshot").isZero();
                assertThat(whileFrozen).isZero();
                assertThat(status(first)).isEqualTo(200);
                assertThat(xCache(first)).as("the first invocation after the restore goes through the cache")
                    .isIn("MISS", "HIT");
                assertThat(xCache(second)).isEqualTo("HIT");
                assertThat(afterRestore).as("connections made after the restore").isPositive();
            }
        }
    }

}
