package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.CacheSettings;
import dev.userfunctions.cache.lease.Interleavings.ActorSpec;
import dev.userfunctions.cache.lease.Interleavings.ActorState;
import dev.userfunctions.cache.lease.Interleavings.Env;
import dev.userfunctions.cache.lease.Interleavings.Report;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The scenarios whose every interleaving is run against the production
 * {@link LeaseProtocol}, {@link Invalidation} and {@link SingleFlight}, and the
 * invariants checked in each:
 * <ul>
 * <li>a read that starts after a write completed never returns anything older;</li>
 * <li>no write-back stores a value read before an invalidation of its key;</li>
 * <li>once every write has returned, the store holds no entry older than the
 * database;</li>
 * <li>a process that died holding a lease delays another reader by at most the lease wait
 * (and one poll).</li>
 * </ul>
 * Actors are separate processes unless they share a single-flight table (a process name).
 * The lease wait is 2 ms so that a waiter's polls are a few steps.
 */
final class ExploredScenarios {

    static final String KEY = "users:v1:name:bHkx";

    static final Duration LEASE_WAIT = Duration.ofMillis(2);

    /** A waiter may overshoot the lease wait by one poll, at most 20 ms. */
    static final long MAX_WAIT_NANOS = LEASE_WAIT.toNanos() + Duration.ofMillis(20).toNanos();

    private static final CacheSettings SETTINGS = CacheSettings.named("explored");

    private ExploredScenarios() {
    }

    /** Every scenario by name. */
    static Map<String, Supplier<Report>> all() {
        Map<String, Supplier<Report>> scenarios = new LinkedHashMap<>();
        scenarios.put("a read, a write, a read after the write",
                () -> explore(reader("R1"), seeder("S", 1), reader("R2").after("S")));
        scenarios.put("two processes reading, a seed writing twice",
                () -> explore(reader("R1"), reader("R2"), seeder("S", 2)));
        scenarios.put("a process dies holding the lease; another waits; a write",
                () -> explore(crasher("D"), reader("W").boundedWait(), seeder("S", 1)));
        scenarios.put("a joiner of a load that began before a write",
                () -> explore(flightReader("L", "P"), seeder("S", 1), flightReader("J", "P")));
        return scenarios;
    }

    /**
     * The first violation of any scenario, or null: what a mutant of the protocol is run
     * for.
     */
    public static String firstViolation() {
        for (Map.Entry<String, Supplier<Report>> scenario : all().entrySet()) {
            Report report = scenario.getValue().get();
            if (report.violation() != null) {
                return scenario.getKey() + ": " + report.violation();
            }
        }
        return null;
    }

    private static Report explore(Actor... actors) {
        List<ActorSpec> specs = Arrays.stream(actors).map(Actor::spec).toList();
        return Interleavings.explore(new CacheWorld(), specs, new Checks());
    }

    /** An actor as a scenario declares it. */
    private record Actor(String name, String after, boolean waitBounded, Interleavings.Program program) {

        Actor after(String other) {
            return new Actor(name, other, waitBounded, program);
        }

        Actor boundedWait() {
            return new Actor(name, after, true, program);
        }

        ActorSpec spec() {
            return new ActorSpec(waitBounded ? name + "!" : name, after, program);
        }

    }

    private static LeaseProtocol protocol(CacheWorld world, Env env) {
        return new LeaseProtocol(CacheWorld.store(world, env), SETTINGS, LEASE_WAIT, CacheEvents.NONE,
                CacheWorld.ticker(world, env), CacheWorld.entropy(env));
    }

    /** A reader in a process of its own: one read through the protocol. */
    private static Actor reader(String name) {
        return new Actor(name, null, false, env -> {
            CacheWorld world = (CacheWorld) env.world;
            return protocol(world, env).read(KEY, CacheWorld.VERSIONS, SETTINGS.ttl(), CacheWorld.loader(world, env));
        });
    }

    /** A process whose load never returns: it dies after taking the lease. */
    private static Actor crasher(String name) {
        return new Actor(name, null, false, env -> {
            CacheWorld world = (CacheWorld) env.world;
            return protocol(world, env).read(KEY, CacheWorld.VERSIONS, SETTINGS.ttl(), () -> {
                env.crash();
                return Optional.empty();
            });
        });
    }

    /** seedUsers: {@code writes} times, write the database, then invalidate the key. */
    private static Actor seeder(String name, int writes) {
        return new Actor(name, null, false, env -> {
            CacheWorld world = (CacheWorld) env.world;
            Invalidation invalidation = new Invalidation(CacheWorld.store(world, env), "explored", CacheEvents.NONE,
                    CacheWorld.ticker(world, env));
            for (int i = 0; i < writes; i++) {
                env.step("write", () -> {
                    world.databaseVersion++;
                    env.actor.marks.put("wrote", world.databaseVersion);
                    return null;
                });
                invalidation.invalidate(List.of(KEY), Duration.ZERO);
            }
            return "seeded";
        });
    }

    /**
     * A reader sharing single-flight with the other readers of {@code process}: one read
     * through the production {@link SingleFlight} decorator, on that process's table.
     */
    private static Actor flightReader(String name, String process) {
        return new Actor(name, null, false, env -> {
            CacheWorld world = (CacheWorld) env.world;
            SingleFlight singleFlight = new SingleFlight(protocol(world, env), CacheWorld.flights(world, env, process),
                    CacheWorld.ticker(world, env));
            return singleFlight.read(KEY, CacheWorld.VERSIONS, SETTINGS.ttl(), CacheWorld.loader(world, env));
        });
    }

    /** The invariants, checked as each actor finishes and once all have. */
    private static final class Checks implements Interleavings.Invariants<CacheWorld> {

        @Override
        public String whenDone(CacheWorld world, ActorState actor) {
            String name = actor.spec.name();
            if (actor.marks.containsKey("wrote")) {
                world.completedVersion = (Integer) actor.marks.get("wrote");
                return null;
            }
            if (actor.crashed) {
                return null;
            }
            if (!(actor.result instanceof Read<?> read)) {
                return name + " ended with " + actor.result;
            }
            int version = read.result().value().map(Integer.class::cast).orElse(0);
            int baseline = (Integer) actor.marks.get("baseline");
            if (version < baseline) {
                return name + " returned version " + version + " (" + read.result().outcome() + ") though version "
                        + baseline + " was written before it started";
            }
            long waited = world.now - (Long) actor.marks.get("startedAt");
            if (name.endsWith("!") && waited > MAX_WAIT_NANOS) {
                return name + " was delayed " + waited + " ns by a dead lease holder, more than the lease wait";
            }
            return null;
        }

        @Override
        public String atEnd(CacheWorld world) {
            byte[] cached = world.current(KEY);
            if (cached == null || Entries.isLease(cached)) {
                return null;
            }
            int version = Entries.isAbsent(cached) ? 0 : CacheWorld.VERSIONS.decode(cached);
            return version == world.databaseVersion ? null : "the store still holds version " + version
                    + " after every write returned (database: " + world.databaseVersion + ")";
        }

    }

}
