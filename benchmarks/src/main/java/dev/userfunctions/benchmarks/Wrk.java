package dev.userfunctions.benchmarks;

import dev.userfunctions.harness.Commands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs wrk (a real HTTP load generator, Debian's package) and reads its throughput and
 * latency distribution.
 */
final class Wrk {

    record Result(double requestsPerSecond, Map<String, Double> percentiles) {
    }

    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|75|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$");

    private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([0-9.]+)");

    private Wrk() {
    }

    static boolean available() {
        return Commands.onPath("wrk");
    }

    static Result run(String url, int connections, Duration duration) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--latency", "--timeout", "10s", url)
            .redirectErrorStream(true)
            .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        if (output.contains("Non-2xx")) {
            throw new IllegalStateException("wrk saw error answers from " + url + ":\n" + output);
        }
        Map<String, Double> percentiles = new LinkedHashMap<>();
        double rate = Double.NaN;
        for (String line : output.split("\n")) {
            Matcher p = PERCENTILE.matcher(line);
            if (p.matches()) {
                double value = Double.parseDouble(p.group(2));
                percentiles.put(p.group(1) + "%", switch (p.group(3)) {
                    case "us" -> value / 1000;
                    case "s" -> value * 1000;
                    default -> value;
                });
            }
            Matcher r = RATE.matcher(line);
            if (r.find()) {
                rate = Double.parseDouble(r.group(1));
            }
        }
        if (percentiles.size() != 4 || Double.isNaN(rate)) {
            throw new IllegalStateException("could not read wrk's output:\n" + output);
        }
        return new Result(rate, percentiles);
    }

}
