package dev.userfunctions.benchmarks;

import java.util.List;

/** The report's Markdown: numbers to a sensible precision, and tables. */
final class Markdown {

    private Markdown() {
    }

    /** No decimals from 100 up, one from 10, two below. */
    static String number(double value) {
        return value >= 100 ? "%,.0f".formatted(value)
                : value >= 10 ? "%.1f".formatted(value) : "%.2f".formatted(value);
    }

    /** A run's ratios, as the report lists them: [1.13, 1.10, 1.09]. */
    static String ratios(List<Double> values) {
        return values.stream().map("%.2f"::formatted).toList().toString();
    }

    static String table(List<String> header, List<List<String>> rows) {
        StringBuilder table = new StringBuilder("| " + String.join(" | ", header) + " |\n|");
        header.forEach(column -> table.append("---|"));
        table.append("\n");
        rows.forEach(row -> table.append("| ").append(String.join(" | ", row)).append(" |\n"));
        return table.toString();
    }

}
