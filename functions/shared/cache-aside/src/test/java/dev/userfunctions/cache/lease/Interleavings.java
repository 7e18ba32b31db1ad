package dev.userfunctions.cache.lease;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs every interleaving of the steps of a few actors, each a piece of ordinary
 * synchronous code (the production protocol) whose every operation on the shared world
 * goes through its {@link Env}: a <b>step</b> (a store command, the loader's read, a
 * pause of the virtual clock, a crash) is where another actor may go first; an
 * <b>observation</b> (reading the clock) is not, and belongs to the step before it.
 *
 * <p>
 * Actors are not threads. An actor is advanced by one step by running its code again from
 * the start with the answers it got so far (its trace), executing the one new step
 * against the world and stopping at the next: code that is deterministic given its
 * answers can be paused anywhere without a thread. A state (the world and each actor's
 * trace) is copied at every branch of a depth-first search, so every ordering of steps is
 * run exactly once.
 */
final class Interleavings {

    /** An actor's code: its answer, or an exception it ends with. */
    interface Program {

        Object run(Env env);

    }

    /**
     * One actor of a scenario; {@code after} names the actor it starts after, or null.
     */
    record ActorSpec(String name, String after, Program program) {
    }

    /** What ran: how many interleavings, and the first violation with its schedule. */
    record Report(long interleavings, long steps, String violation) {
    }

    /** The world the actors share, copied at every branch. */
    interface World {

        World copy();

        /**
         * Advances the virtual clock by one nanosecond per step, so steps are ordered.
         */
        void tick();

        /** Called when an actor's first step is about to run. */
        void starting(ActorState actor);

        /** A violation a step found in the world, or null. */
        String violation();

    }

    /** Checks a finished actor, and the world once every actor is done. */
    interface Invariants<W extends World> {

        /** A violation in words, or null. */
        String whenDone(W world, ActorState actor);

        /** A violation in words, or null. */
        String atEnd(W world);

    }

    private final List<ActorSpec> specs;

    private final Invariants<World> invariants;

    private long interleavings;

    private long steps;

    private String violation;

    @SuppressWarnings("unchecked")
    private <W extends World> Interleavings(List<ActorSpec> specs, Invariants<W> invariants) {
        this.specs = specs;
        this.invariants = (Invariants<World>) invariants;
    }

    /** Explores every interleaving, stopping at the first violation. */
    static <W extends World> Report explore(W world, List<ActorSpec> actors, Invariants<W> invariants) {
        Interleavings explorer = new Interleavings(actors, invariants);
        List<ActorState> states = new ArrayList<>();
        actors.forEach(spec -> states.add(new ActorState(spec)));
        explorer.search(new State(world, states), new ArrayList<>());
        return new Report(explorer.interleavings, explorer.steps, explorer.violation);
    }

    private void search(State state, List<String> schedule) {
        if (violation != null) {
            return;
        }
        List<Integer> enabled = new ArrayList<>();
        for (int i = 0; i < state.actors.size(); i++) {
            if (state.isEnabled(i)) {
                enabled.add(i);
            }
        }
        if (enabled.isEmpty()) {
            interleavings++;
            boolean stuck = state.actors.stream().anyMatch(actor -> !actor.done);
            String broken = stuck ? "an actor waits forever" : invariants.atEnd(state.world);
            if (broken != null) {
                violation = broken + "\n  schedule: " + String.join(" → ", schedule);
            }
            return;
        }
        for (int n = 0; n < enabled.size(); n++) {
            int index = enabled.get(n);
            State next = n == enabled.size() - 1 ? state : state.copy();
            ActorState actor = next.actors.get(index);
            String label = actor.advance(next.world);
            steps++;
            schedule.add(actor.spec.name() + ":" + label);
            String broken = next.world.violation();
            if (broken == null && actor.done) {
                broken = invariants.whenDone(next.world, actor);
            }
            if (broken != null) {
                violation = broken + "\n  schedule: " + String.join(" → ", schedule);
                return;
            }
            search(next, schedule);
            schedule.remove(schedule.size() - 1);
            if (violation != null) {
                return;
            }
        }
    }

    /** The world and every actor's progress. */
    private record State(World world, List<ActorState> actors) {

        State copy() {
            List<ActorState> copies = new ArrayList<>(actors.size());
            actors.forEach(actor -> copies.add(actor.copy()));
            return new State(world.copy(), copies);
        }

        boolean isEnabled(int index) {
            ActorState actor = actors.get(index);
            if (actor.done) {
                return false;
            }
            String after = actor.spec.after();
            if (after != null && actors.stream().anyMatch(other -> other.spec.name().equals(after) && !other.done)) {
                return false;
            }
            return actor.waitingFor == null || actor.waitingFor.test(world);
        }

    }

    /** An actor's progress: the answers it got, in order, and how it ended. */
    static final class ActorState {

        final ActorSpec spec;

        final List<Object> trace;

        int stepsTaken;

        boolean done;

        boolean crashed;

        Object result;

        /**
         * What the world noted of it (when it started, what it had seen) for the
         * invariants.
         */
        final Map<String, Object> marks;

        /** What its next step waits for (another actor's flight), or null. */
        Predicate<World> waitingFor;

        ActorState(ActorSpec spec) {
            this(spec, new ArrayList<>(), new HashMap<>());
        }

        private ActorState(ActorSpec spec, List<Object> trace, Map<String, Object> marks) {
            this.spec = spec;
            this.trace = trace;
            this.marks = marks;
        }

        ActorState copy() {
            ActorState copy = new ActorState(spec, new ArrayList<>(trace), new HashMap<>(marks));
            copy.stepsTaken = stepsTaken;
            copy.done = done;
            copy.crashed = crashed;
            copy.result = result;
            copy.waitingFor = waitingFor;
            return copy;
        }

        /** Runs one more step; the label of the step that ran. */
        String advance(World world) {
            Env env = new Env(world, this);
            try {
                result = spec.program().run(env);
                done = true;
            }
            catch (Paused paused) {
                waitingFor = env.nextWaitsFor;
            }
            catch (Crashed crashed) {
                done = true;
                this.crashed = true;
            }
            catch (RuntimeException e) {
                result = e;
                done = true;
            }
            stepsTaken++;
            return env.ranLabel;
        }

    }

    /**
     * Thrown to stop an actor before its next step; never caught by the code under test.
     */
    private static final class Paused extends Error {

        private static final Paused INSTANCE = new Paused();

        private Paused() {
            super(null, null, false, false);
        }

    }

    /** Thrown once an actor has crashed: it runs nothing more, not even its clean-up. */
    static final class Crashed extends Error {

        private static final Crashed INSTANCE = new Crashed();

        private Crashed() {
            super(null, null, false, false);
        }

    }

    /** An exception an operation ended with, kept in the trace to be thrown again. */
    private record Thrown(RuntimeException exception) {
    }

    /** An actor's one way to the world, for one run of its code. */
    static final class Env {

        final World world;

        final ActorState actor;

        private int position;

        private boolean stepRan;

        private String ranLabel = "?";

        private Predicate<World> nextWaitsFor;

        private boolean crashed;

        private boolean paused;

        private Env(World world, ActorState actor) {
            this.world = world;
            this.actor = actor;
        }

        /**
         * A step: another actor may run before it. Runs it against the world if it is the
         * actor's next, else answers from the trace or stops the actor here.
         */
        <T> T step(String label, Supplier<T> operation) {
            return step(label, null, operation);
        }

        /** A step that may run only once {@code waitsFor} holds of the world. */
        @SuppressWarnings("unchecked")
        <T> T step(String label, Predicate<World> waitsFor, Supplier<T> operation) {
            stopIfUnwinding();
            if (position < actor.trace.size()) {
                return (T) replay(actor.trace.get(position++));
            }
            if (stepRan) {
                nextWaitsFor = waitsFor;
                paused = true;
                throw Paused.INSTANCE;
            }
            stepRan = true;
            ranLabel = label;
            world.tick();
            if (actor.stepsTaken == 0) {
                world.starting(actor);
            }
            Object answer;
            try {
                answer = operation.get();
            }
            catch (RuntimeException e) {
                answer = new Thrown(e);
            }
            actor.trace.add(answer);
            position++;
            return (T) replay(answer);
        }

        /** An observation (the clock): answered from the trace, or read now and kept. */
        @SuppressWarnings("unchecked")
        <T> T observe(Supplier<T> observation) {
            stopIfUnwinding();
            if (position < actor.trace.size()) {
                return (T) actor.trace.get(position++);
            }
            T value = observation.get();
            actor.trace.add(value);
            position++;
            return value;
        }

        /** The actor dies here, holding whatever it holds. */
        void crash() {
            step("crash", () -> null);
            crashed = true;
            throw Crashed.INSTANCE;
        }

        /**
         * Once the actor has stopped or died, code that runs while it unwinds (catch and
         * finally blocks) reaches nothing: it would otherwise record answers out of
         * order.
         */
        private void stopIfUnwinding() {
            if (crashed) {
                throw Crashed.INSTANCE;
            }
            if (paused) {
                throw Paused.INSTANCE;
            }
        }

        private static Object replay(Object answer) {
            if (answer instanceof Thrown thrown) {
                throw thrown.exception();
            }
            return answer;
        }

    }

}
