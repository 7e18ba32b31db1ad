package dev.userfunctions.benchmarks;

import java.util.ArrayList;
import java.util.List;

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
        for (int i = 0; i < warmup; i++) {
            opA.run();
            opB.run();
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

    private static void measure(Runnable op, int ops, List<Double> into) {
        for (int i = 0; i < ops; i++) {
            long start = System.nanoTime();
            op.run();
            into.add((System.nanoTime() - start) / 1000.0);
        }
    }

}
