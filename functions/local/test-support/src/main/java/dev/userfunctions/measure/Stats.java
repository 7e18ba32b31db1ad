package dev.userfunctions.measure;

import java.util.Collection;
import java.util.List;

/** Percentiles and medians (nearest rank), the only statistics the reports use. */
public final class Stats {

    private Stats() {
    }

    public static double percentile(Collection<Double> values, double percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    public static double median(Collection<Double> values) {
        return percentile(values, 50);
    }

}
