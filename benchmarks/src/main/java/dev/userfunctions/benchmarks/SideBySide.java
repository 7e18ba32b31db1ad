package dev.userfunctions.benchmarks;

import dev.userfunctions.measure.Stats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Two operations measured in the same run, interleaved round by round (A then B, then B
 * then A, …) so that whatever else the machine does falls on both. Per-operation
 * latencies; the result is the ratio of medians.
 */
public final class SideBySide {

    public record Result(String a, String b, List<Double> aMicros, List<Double> bMicros) {
        public double aMedian() {
            return Stats.median(aMicros);
        }

        public double bMedian() {
            return Stats.median(bMicros);
        }

        public double ratio() {
            return aMedian() / bMedian();
        }
    }

    private SideBySide() {
    }

    public static Result run(String a, Runnable opA, String b, Runnable opB, int warmup, int rounds, int opsPerRound) {
        return runTimed(a, timed(opA), b, timed(opB), warmup, rounds, opsPerRound);
    }

    /**
     * As {@link #run}, for operations that time themselves: each call returns its own
     * duration in microseconds (when handing the work to another process is no part of
     * what is compared).
     */
    public static Result runTimed(String a, DoubleSupplier opA, String b, DoubleSupplier opB, int warmup, int rounds,
            int opsPerRound) {
        for (int i = 0; i < warmup; i++) {
            opA.getAsDouble();
            opB.getAsDouble();
        }
        List<Double> aMicros = new ArrayList<>();
        List<Double> bMicros = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 0) {
                measure(opA, opsPerRound, aMicros);
                measure(opB, opsPerRound, bMicros);
            }
            else {
                measure(opB, opsPerRound, bMicros);
                measure(opA, opsPerRound, aMicros);
            }
        }
        return new Result(a, b, aMicros, bMicros);
    }

    /** {@link #run} {@code times} times in a row (the warm-up only before the first). */
    public static List<Result> repeat(int times, String a, Runnable opA, String b, Runnable opB, int warmup, int rounds,
            int opsPerRound) {
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            results.add(run(a, opA, b, opB, i == 0 ? warmup : 0, rounds, opsPerRound));
        }
        return results;
    }

    /** The median of the runs' ratios of medians: the figure a comparison reports. */
    public static double medianRatio(List<Result> runs) {
        return Stats.median(runs.stream().map(Result::ratio).toList());
    }

    /** All runs' latencies together, for percentiles. */
    public static Result pooled(List<Result> runs) {
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        runs.forEach(run -> {
            a.addAll(run.aMicros());
            b.addAll(run.bMicros());
        });
        return new Result(runs.get(0).a(), runs.get(0).b(), a, b);
    }

    private static void measure(DoubleSupplier op, int ops, List<Double> into) {
        for (int i = 0; i < ops; i++) {
            into.add(op.getAsDouble());
        }
    }

    private static DoubleSupplier timed(Runnable op) {
        return () -> {
            long start = System.nanoTime();
            op.run();
            return (System.nanoTime() - start) / 1000.0;
        };
    }

}
