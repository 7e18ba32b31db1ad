package dev.userfunctions.cache.lease;

import dev.userfunctions.cache.ValueCodec;
import dev.userfunctions.cache.lease.Interleavings.ActorState;
import dev.userfunctions.cache.lease.Interleavings.Env;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The world of the explored scenarios: an in-memory store with expiry, a database holding
 * one user's version (0: no such user) on a virtual clock, and the single-flight tables
 * of the processes. Every operation an actor makes on it is a step of the
 * {@link Interleavings} explorer; the store, clock and loader it hands the production
 * code are views of it through the actor's {@link Env}.
 */
final class CacheWorld implements Interleavings.World {

    static final ValueCodec<Integer> VERSIONS = new ValueCodec<>() {

        @Override
        public byte[] encode(Integer version) {
            return ("v" + version).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public Integer decode(byte[] bytes) {
            return Integer.parseInt(new String(bytes, StandardCharsets.US_ASCII).substring(1));
        }

    };

    long now;

    int databaseVersion;

    /** The version of the last write whose seed has returned. */
    int completedVersion;

    final Map<String, Entry> entries;

    final Map<String, Long> deletedAt;

    /** Single-flight: the flight in progress per process and key, and every flight. */
    final Map<String, Integer> flightsInProgress;

    final List<Flight> flights;

    String violation;

    CacheWorld() {
        this(new HashMap<>(), new HashMap<>(), new HashMap<>(), new ArrayList<>());
    }

    private CacheWorld(Map<String, Entry> entries, Map<String, Long> deletedAt, Map<String, Integer> inProgress,
            List<Flight> flights) {
        this.entries = entries;
        this.deletedAt = deletedAt;
        this.flightsInProgress = inProgress;
        this.flights = flights;
    }

    @Override
    public CacheWorld copy() {
        CacheWorld copy = new CacheWorld(new HashMap<>(entries), new HashMap<>(deletedAt),
                new HashMap<>(flightsInProgress), new ArrayList<>(flights));
        copy.now = now;
        copy.databaseVersion = databaseVersion;
        copy.completedVersion = completedVersion;
        copy.violation = violation;
        return copy;
    }

    @Override
    public void tick() {
        now++;
    }

    @Override
    public void starting(ActorState actor) {
        actor.marks.put("startedAt", now);
        actor.marks.put("baseline", completedVersion);
    }

    @Override
    public String violation() {
        return violation;
    }

    /** What the key holds now, expired entries being gone; null for nothing. */
    byte[] current(String key) {
        Entry entry = entries.get(key);
        return entry == null || entry.expiresAt() <= now ? null : entry.bytes();
    }

    record Entry(byte[] bytes, long expiresAt) {
    }

    /**
     * A single-flight load: who leads it, and its answer (a Read or an exception) once
     * done.
     */
    record Flight(String leader, boolean done, Object answer) {
    }

    /** The store as the production protocol sees it, for one run of one actor. */
    static CacheStore store(CacheWorld world, Env env) {
        return new CacheStore() {

            @Override
            public byte[] get(String key) {
                return env.step("GET", () -> world.current(key));
            }

            @Override
            public boolean putIfAbsent(String key, byte[] lease, Duration ttl) {
                return env.step("SET NX", () -> {
                    if (world.current(key) != null) {
                        return false;
                    }
                    world.entries.put(key, new Entry(lease, world.now + ttl.toNanos()));
                    return true;
                });
            }

            @Override
            public boolean compareAndSet(String key, byte[] expected, byte[] value, Duration ttl) {
                return env.step("CAS", () -> {
                    if (!Arrays.equals(world.current(key), expected)) {
                        return false;
                    }
                    long loadedAt = (Long) env.actor.marks.getOrDefault("loadedAt", -1L);
                    Long deleted = world.deletedAt.get(key);
                    if (deleted != null && loadedAt < deleted && world.violation == null) {
                        world.violation = env.actor.spec.name() + " wrote back a value read at " + loadedAt
                                + " ns over the invalidation of its key at " + deleted + " ns";
                    }
                    world.entries.put(key, new Entry(value, world.now + ttl.toNanos()));
                    return true;
                });
            }

            @Override
            public void deleteIfEquals(String key, byte[] expected) {
                env.step("release",
                        () -> Arrays.equals(world.current(key), expected) && world.entries.remove(key) != null);
            }

            @Override
            public Deletion delete(List<String> keys) {
                return env.step("DEL", () -> {
                    long deleted = 0;
                    for (String key : keys) {
                        deleted += world.current(key) == null ? 0 : 1;
                        world.entries.remove(key);
                        world.deletedAt.put(key, world.now);
                    }
                    return new Deletion(deleted, List.of(), null);
                });
            }

            @Override
            public boolean awaitReady(Duration patience) {
                return true;
            }

        };
    }

    /**
     * The single-flight table of {@code process}, as the production decorator sees it:
     * boarding and landing are steps, awaiting a flight is a step enabled once it landed.
     */
    static Flights flights(CacheWorld world, Env env, String process) {
        return new Flights() {

            @Override
            public Seat board(String key) {
                String table = process + "/" + key;
                return env.step("join or lead", () -> {
                    Integer leading = world.flightsInProgress.get(table);
                    if (leading != null) {
                        return new WorldSeat(table, leading, false);
                    }
                    world.flights.add(new Flight(env.actor.spec.name(), false, null));
                    world.flightsInProgress.put(table, world.flights.size() - 1);
                    return new WorldSeat(table, world.flights.size() - 1, true);
                });
            }

            @Override
            public Read<?> await(Seat joined) {
                int flight = ((WorldSeat) joined).flight();
                Object answer = env.step("await flight", w -> ((CacheWorld) w).flights.get(flight).done(),
                        () -> world.flights.get(flight).answer());
                if (answer instanceof RuntimeException failure) {
                    throw failure;
                }
                return (Read<?>) answer;
            }

            @Override
            public void land(Seat led, Read<?> read) {
                finish((WorldSeat) led, read);
            }

            @Override
            public void abort(Seat led, Throwable failure) {
                finish((WorldSeat) led, failure);
            }

            private void finish(WorldSeat seat, Object answer) {
                env.step("finish flight", () -> {
                    world.flights.set(seat.flight(), new Flight(env.actor.spec.name(), true, answer));
                    world.flightsInProgress.remove(seat.table());
                    return null;
                });
            }

        };
    }

    /** A seat on flight number {@code flight} of a process's table. */
    record WorldSeat(String table, int flight, boolean leads) implements Flights.Seat {
    }

    /**
     * The virtual clock: reading it is an observation, a pause is a step that moves it.
     */
    static Ticker ticker(CacheWorld world, Env env) {
        return new Ticker() {

            @Override
            public long nanoTime() {
                return env.observe(() -> world.now);
            }

            @Override
            public void pause(long nanos) {
                env.step("pause", () -> {
                    world.now += nanos;
                    return null;
                });
            }

        };
    }

    /**
     * Lease tokens counted per actor (the same at every replay of its code), no jitter.
     */
    static Entropy entropy(Env env) {
        return new Entropy() {

            private int drawn;

            @Override
            public byte[] leaseToken() {
                byte[] token = new byte[16];
                byte[] name = env.actor.spec.name().getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(name, 0, token, 0, Math.min(name.length, 12));
                token[15] = (byte) ++drawn;
                return token;
            }

            @Override
            public double unit() {
                return 0.5;
            }

        };
    }

    /** The database read of a load: the user's version now (empty: no such user). */
    static Supplier<Optional<Integer>> loader(CacheWorld world, Env env) {
        return () -> env.step("load", () -> {
            env.actor.marks.put("loadedAt", world.now);
            return world.databaseVersion == 0 ? Optional.<Integer>empty() : Optional.of(world.databaseVersion);
        });
    }

}
