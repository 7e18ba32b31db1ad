package dev.userfunctions.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Environments invoked warm, then frozen and thawed side by side: each goes through every
 * freeze length in turn and is invoked after each, so {@code n} environments give
 * {@code n} thaws of every length in the time of one environment's freezes.
 */
public final class Thaws {

    private Thaws() {
    }

    /**
     * Waits for each environment's init, invokes it once (its first invocation, which may
     * miss), then {@code invocations} more times; the durations of those.
     */
    public static List<Duration> warm(List<LambdaEnvironment> environments, String event, int invocations) {
        List<Duration> warm = new ArrayList<>();
        for (LambdaEnvironment environment : environments) {
            environment.awaitInit();
            environment.invoke(event);
            for (int i = 0; i < invocations; i++) {
                warm.add(environment.invoke(event).duration());
            }
        }
        return warm;
    }

    /**
     * Every environment frozen for each of {@code freezes} in turn and invoked with
     * {@code event} after each thaw, all side by side; the invocations after each freeze
     * length, in the order of {@code freezes}.
     */
    public static Map<Duration, List<Invocation>> sideBySide(List<LambdaEnvironment> environments,
            List<Duration> freezes, String event) {
        ExecutorService drivers = Executors.newFixedThreadPool(environments.size());
        try {
            List<Future<List<Invocation>>> runs = new ArrayList<>();
            for (LambdaEnvironment environment : environments) {
                runs.add(drivers.submit(() -> {
                    List<Invocation> afterEachFreeze = new ArrayList<>();
                    for (Duration freeze : freezes) {
                        environment.freezeFor(freeze);
                        afterEachFreeze.add(environment.invoke(event));
                    }
                    return afterEachFreeze;
                }));
            }
            Map<Duration, List<Invocation>> thawed = new LinkedHashMap<>();
            freezes.forEach(freeze -> thawed.put(freeze, new ArrayList<>()));
            for (Future<List<Invocation>> run : runs) {
                List<Invocation> afterEachFreeze = run.get();
                for (int i = 0; i < freezes.size(); i++) {
                    thawed.get(freezes.get(i)).add(afterEachFreeze.get(i));
                }
            }
            return thawed;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while environments were frozen", e);
        }
        catch (ExecutionException e) {
            throw new IllegalStateException("a frozen environment failed: " + e.getCause().getMessage(), e.getCause());
        }
        finally {
            drivers.shutdownNow();
        }
    }

}
