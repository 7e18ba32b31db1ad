package dev.userfunctions.local.drills;

import dev.userfunctions.measure.Stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A drill's requests per second: counts, failures, X-Cache outcomes and latency
 * percentiles; plus its events.
 */
public final class Timeline {

    public record Second(int second, int requests, int failed, int hits, int misses, int bypasses, double p50Millis,
            double p99Millis) {
        public double hitRatio() {
            return requests == 0 ? 0 : hits / (double) requests;
        }
    }

    public record Event(long atMillis, String what) {
    }

    private final List<LoadStream.Sample> samples;

    private final List<Event> events;

    public Timeline(List<LoadStream.Sample> samples, List<Event> events) {
        this.samples = List.copyOf(samples);
        this.events = List.copyOf(events);
    }

    public List<LoadStream.Sample> samples() {
        return samples;
    }

    public List<Event> events() {
        return events;
    }

    /** Whole seconds only: the last, cut short when the stream stopped, is left out. */
    public List<Second> seconds() {
        long lastStart = samples.stream().mapToLong(LoadStream.Sample::startMillis).max().orElse(0);
        Map<Integer, List<LoadStream.Sample>> bySecond = samples.stream()
            .filter(s -> s.startMillis() / 1000 < lastStart / 1000)
            .collect(Collectors.groupingBy(s -> (int) (s.startMillis() / 1000), TreeMap::new, Collectors.toList()));
        List<Second> seconds = new ArrayList<>();
        bySecond.forEach((second,
                inSecond) -> seconds.add(new Second(second, inSecond.size(),
                        (int) inSecond.stream().filter(LoadStream.Sample::failed).count(), count(inSecond, "HIT"),
                        count(inSecond, "MISS"), count(inSecond, "BYPASS"), Stats.percentile(latencies(inSecond), 50),
                        Stats.percentile(latencies(inSecond), 99))));
        return seconds;
    }

    /** Samples started in {@code [fromMillis, toMillis)}. */
    public List<LoadStream.Sample> between(long fromMillis, long toMillis) {
        return samples.stream().filter(s -> s.startMillis() >= fromMillis && s.startMillis() < toMillis).toList();
    }

    public long failedRequests() {
        return samples.stream().filter(LoadStream.Sample::failed).count();
    }

    /**
     * The 99th percentile latency of the samples started in
     * {@code [fromMillis, toMillis)}.
     */
    public double p99MillisBetween(long fromMillis, long toMillis) {
        return Stats.percentile(latencies(between(fromMillis, toMillis)), 99);
    }

    public static List<Double> latencies(List<LoadStream.Sample> samples) {
        return samples.stream().map(s -> s.latencyMicros() / 1000.0).toList();
    }

    private static int count(List<LoadStream.Sample> samples, String cache) {
        return (int) samples.stream().filter(s -> cache.equals(s.cache())).count();
    }

    public void writeCsv(Path file) {
        StringBuilder csv = new StringBuilder("second,requests,failed,hit,miss,bypass,p50_ms,p99_ms\n");
        for (Second s : seconds()) {
            csv.append("%d,%d,%d,%d,%d,%d,%.2f,%.2f%n".formatted(s.second(), s.requests(), s.failed(), s.hits(),
                    s.misses(), s.bypasses(), s.p50Millis(), s.p99Millis()));
        }
        for (Event event : events) {
            csv.append("# event at %.1f s: %s%n".formatted(event.atMillis() / 1000.0, event.what()));
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, csv);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
