package dev.userfunctions.benchmarks;

import dev.userfunctions.local.drills.Timeline;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** PNG charts for docs/, rendered headless with JFreeChart. */
public final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /**
     * Requests per second by X-Cache outcome and failures (left axis), p99 latency (right
     * axis), events as markers.
     */
    public static void timeline(Timeline timeline, String title, Path file) {
        XYSeries hits = new XYSeries("HIT /s");
        XYSeries misses = new XYSeries("MISS /s");
        XYSeries bypasses = new XYSeries("BYPASS /s");
        XYSeries failed = new XYSeries("failed /s");
        XYSeries p99 = new XYSeries("p99 latency (ms)");
        for (Timeline.Second second : timeline.seconds()) {
            hits.add(second.second(), second.hits());
            misses.add(second.second(), second.misses());
            bypasses.add(second.second(), second.bypasses());
            failed.add(second.second(), second.failed());
            p99.add(second.second(), second.p99Millis());
        }
        XYSeriesCollection counts = new XYSeriesCollection();
        counts.addSeries(hits);
        counts.addSeries(misses);
        counts.addSeries(bypasses);
        counts.addSeries(failed);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "seconds", "requests per second", counts,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer countRenderer = new XYLineAndShapeRenderer(true, false);
        Color[] colors = { new Color(0x2E7D32), new Color(0x1565C0), new Color(0xEF6C00), new Color(0xC62828) };
        for (int i = 0; i < colors.length; i++) {
            countRenderer.setSeriesPaint(i, colors[i]);
            countRenderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(0, countRenderer);
        plot.setDataset(1, new XYSeriesCollection(p99));
        NumberAxis latencyAxis = new NumberAxis("p99 latency (ms)");
        plot.setRangeAxis(1, latencyAxis);
        plot.mapDatasetToRangeAxis(1, 1);
        XYLineAndShapeRenderer latencyRenderer = new XYLineAndShapeRenderer(true, true);
        latencyRenderer.setSeriesPaint(0, Color.GRAY);
        latencyRenderer.setSeriesStroke(0,
                new BasicStroke(1f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] { 4f, 4f }, 0f));
        plot.setRenderer(1, latencyRenderer);
        for (Timeline.Event event : timeline.events()) {
            ValueMarker marker = new ValueMarker(event.atMillis() / 1000.0, Color.BLACK, new BasicStroke(1.5f));
            marker.setLabel(event.what());
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(marker);
        }
        save(chart, file, 1000, 500);
    }

    /**
     * Latency percentiles per series (e.g. per endpoint and concurrency), on a log axis.
     */
    public static void percentiles(String title, Map<String, Map<String, Double>> seriesByName,
            List<String> percentiles, Path file) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        seriesByName.forEach((series, values) -> percentiles.forEach(p -> dataset.addValue(values.get(p), series, p)));
        JFreeChart chart = ChartFactory.createLineChart(title, "percentile", "latency (ms, log scale)", dataset,
                PlotOrientation.VERTICAL, true, false, false);
        chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
        chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
        LogarithmicAxis axis = new LogarithmicAxis("latency (ms, log scale)");
        axis.setAllowNegativesFlag(false);
        chart.getCategoryPlot().setRangeAxis(axis);
        save(chart, file, 1000, 500);
    }

    private static void save(JFreeChart chart, Path file, int width, int height) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
