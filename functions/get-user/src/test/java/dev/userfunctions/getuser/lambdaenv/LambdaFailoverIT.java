package dev.userfunctions.getuser.lambdaenv;

import dev.userfunctions.fixtures.EmbeddedStack;
import dev.userfunctions.embedded.RedisNode;
import dev.userfunctions.harness.Invocation;
import dev.userfunctions.harness.LambdaEnvironment;
import dev.userfunctions.users.UserCacheKeys;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.getUser;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.getUserEvent;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.status;
import static dev.userfunctions.getuser.lambdaenv.GetUserEnvironments.xCache;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A master killed while a getUser environment is frozen, at Lambda's CPU share: the first
 * invocation after the thaw answers at once, and hits on the failed-over slots come back
 * within seconds with no periodic topology refresh (the epoch check at the thaw, and
 * Lettuce's adaptive triggers, follow the promotion).
 */
class LambdaFailoverIT {

    @AutoClose
    static EmbeddedStack stack;

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.start();
    }

    @Test
    void aMasterKilledWhileFrozenCostsTheThawedInvocationNothingAndHitsComeBack() {
        stack.mongo().insertUser("failover_it", "ly1", 1);
        try (LambdaEnvironment environment = getUser(stack.mongoUri(), "failover_it", stack.redisSeeds()).start()) {
            environment.awaitInit();
            environment.invoke(getUserEvent("ly1"));
            assertThat(xCache(environment.invoke(getUserEvent("ly1")))).isEqualTo("HIT");
            RedisNode victim = stack.redis().masterOf(UserCacheKeys.byName("ly1"));

            environment.freeze();
            victim.kill();
            long killedAt = System.nanoTime();
            await("replica promoted").atMost(Duration.ofSeconds(30))
                .until(() -> stack.redis().masters().size() == 3 && !stack.redis().masters().contains(victim));
            Duration promotedAfter = Duration.ofNanos(System.nanoTime() - killedAt);
            environment.thaw();
            long thawedAt = System.nanoTime();
            Invocation first = environment.invoke(getUserEvent("ly1"));
            AtomicReference<Invocation> last = new AtomicReference<>();
            await("hits on the failed-over slot").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    last.set(environment.invoke(getUserEvent("ly1")));
                    return xCache(last.get()).equals("HIT");
                });
            Duration hitsBackAfterThaw = Duration.ofNanos(System.nanoTime() - thawedAt);
            System.out.printf(
                    "Failover while frozen (%s): promoted %d ms after the kill; first invocation after the thaw %d, "
                            + "%s in %.1f ms; hits back %d ms after the thaw%n",
                    environment.describe(), promotedAfter.toMillis(), status(first), xCache(first),
                    first.duration().toNanos() / 1e6, hitsBackAfterThaw.toMillis());

            assertThat(status(first)).isEqualTo(200);
            assertThat(first.duration()).as("the first invocation after the thaw").isLessThan(Duration.ofSeconds(1));
            assertThat(hitsBackAfterThaw).as("hits back after the thaw").isLessThan(Duration.ofSeconds(5));
            assertThat(status(last.get())).isEqualTo(200);
        }
        finally {
            stack.redis().startAll();
        }
    }

}
