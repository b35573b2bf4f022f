package ziggy.view.summary;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code --graphs DIR}: PNG charts drawn with JFreeChart, headless, and {@code DIR/index.html}, a
 * static page that shows them under the text summary:
 * <ul>
 *   <li>{@code events-per-minute.png}: events per minute, one line per type;</li>
 *   <li>{@code <type>--<field>.png}: p50, p90 and p99 of the field per minute, per type.</li>
 * </ul>
 * Minutes without an event count 0 on the events chart and have no point on a field's chart. What a
 * series could not hold (more than a week of minutes, values for minutes already closed) is said
 * on the page.
 */
public final class SummaryGraphs {
    public static final int WIDTH = 1000;
    public static final int HEIGHT = 450;
    static final String EVENTS_FILE = "events-per-minute.png";

    private final ZoneId zone;

    public SummaryGraphs(ZoneId zone) {
        this.zone = zone;
    }

    /** Writes the charts and the page into {@code dir} (made if missing); returns the charts' files. */
    public List<Path> write(Summary summary, String textSummary, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Chart> charts = new ArrayList<>();
        charts.add(new Chart(EVENTS_FILE, "Events per minute by type", eventsPerMinute(summary)));
        for (Summary.OfType type : summary.types().values()) {
            for (int i = 0; i < summary.fields().size(); i++) {
                String path = summary.fields().get(i).toString();
                if (type.fieldMinutes().get(i).points().isEmpty()) {
                    continue; // the type never has the field: an empty chart says nothing
                }
                charts.add(new Chart(fileName(type.name(), path), type.name() + ": " + path + " per minute",
                        fieldPerMinute(type, path, type.fieldMinutes().get(i))));
            }
        }
        List<Path> files = new ArrayList<>();
        for (Chart chart : charts) {
            Path file = dir.resolve(chart.file());
            try (OutputStream out = Files.newOutputStream(file)) {
                ChartUtils.writeChartAsPNG(out, chart.chart(), WIDTH, HEIGHT);
            }
            files.add(file);
        }
        writePage(dir.resolve("index.html"), summary, textSummary, charts);
        return files;
    }

    private JFreeChart eventsPerMinute(Summary summary) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Summary.OfType type : summary.types().values()) {
            if (!type.minutes().counts().isEmpty()) {
                first = Math.min(first, type.minutes().counts().firstKey());
                last = Math.max(last, type.minutes().counts().lastKey());
            }
        }
        // Quiet minutes are drawn as 0 when the range is not much longer than what a series holds.
        boolean fillQuietMinutes = first <= last && last - first <= 2L * MinuteCounts.MAX_MINUTES;
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Summary.OfType type : summary.types().values()) {
            XYSeries series = new XYSeries(type.name(), false, false);
            Map<Long, long[]> counts = type.minutes().counts();
            if (fillQuietMinutes) {
                for (long minute = first; minute <= last; minute++) {
                    long[] n = counts.get(minute);
                    series.add(minute * 60_000.0, n == null ? 0 : n[0], false);
                }
            } else {
                counts.forEach((minute, n) -> series.add(minute * 60_000.0, n[0], false));
            }
            dataset.addSeries(series);
        }
        JFreeChart chart = styled(ChartFactory.createTimeSeriesChart("Events per minute by type", "time (" + zone.getId() + ")",
                "events per minute", dataset, true, false, false));
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(true);
        return chart;
    }

    private JFreeChart fieldPerMinute(Summary.OfType type, String path, MinutePercentiles minutes) {
        XYSeries p50 = new XYSeries("p50", false, false);
        XYSeries p90 = new XYSeries("p90", false, false);
        XYSeries p99 = new XYSeries("p99", false, false);
        minutes.points().forEach((minute, point) -> {
            double x = minute * 60_000.0;
            p50.add(x, point.p50(), false);
            p90.add(x, point.p90(), false);
            p99.add(x, point.p99(), false);
        });
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(p50);
        dataset.addSeries(p90);
        dataset.addSeries(p99);
        return styled(ChartFactory.createTimeSeriesChart(type.name() + ": " + path + " per minute (p50, p90, p99)",
                "time (" + zone.getId() + ")", path + " (in the field's own unit)", dataset, true, false, false));
    }

    private JFreeChart styled(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        ((DateAxis) plot.getDomainAxis()).setTimeZone(TimeZone.getTimeZone(zone));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        Color[] colours = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
        for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, colours[i % colours.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        return chart;
    }

    private void writePage(Path file, Summary summary, String textSummary, List<Chart> charts) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Ziggy summary</title>\n");
            out.write("<style>body{font-family:sans-serif;margin:2em;max-width:" + (WIDTH + 40) + "px}"
                    + "pre{background:#f6f6f6;padding:1em;overflow-x:auto}img{border:1px solid #ddd}</style>\n</head>\n<body>\n");
            out.write("<h1>Ziggy summary</h1>\n<h2>Figures</h2>\n<pre>" + html(textSummary) + "</pre>\n");
            List<String> notes = notes(summary);
            if (!notes.isEmpty()) {
                out.write("<h2>What the charts leave out</h2>\n<ul>\n");
                for (String note : notes) {
                    out.write("<li>" + html(note) + "</li>\n");
                }
                out.write("</ul>\n");
            }
            out.write("<h2>Per minute</h2>\n");
            for (Chart chart : charts) {
                out.write("<figure><img src=\"" + html(chart.file()) + "\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
                        + "\" alt=\"" + html(chart.title()) + "\"><figcaption>" + html(chart.title()) + "</figcaption></figure>\n");
            }
            out.write("</body>\n</html>\n");
        }
    }

    private static List<String> notes(Summary summary) {
        List<String> notes = new ArrayList<>();
        for (Summary.OfType type : summary.types().values()) {
            if (type.minutes().droppedMinutes() > 0 || type.minutes().droppedEvents() > 0) {
                notes.add(type.name() + ": " + SummaryTable.count(type.minutes().droppedEvents()) + " events in "
                        + SummaryTable.count(type.minutes().droppedMinutes()) + " earlier minutes, past the "
                        + SummaryTable.count(MinuteCounts.MAX_MINUTES) + " minutes a series holds");
            }
            if (type.untimed() > 0) {
                notes.add(type.name() + ": " + SummaryTable.count(type.untimed()) + " events without a time");
            }
            for (int i = 0; i < summary.fields().size(); i++) {
                MinutePercentiles m = type.fieldMinutes().get(i);
                String path = summary.fields().get(i).toString();
                if (m.late() > 0) {
                    notes.add(type.name() + " " + path + ": " + SummaryTable.count(m.late())
                            + " values for minutes already drawn (input out of time order)");
                }
                if (m.droppedMinutes() > 0) {
                    notes.add(type.name() + " " + path + ": " + SummaryTable.count(m.droppedMinutes()) + " earlier minutes let go");
                }
            }
        }
        return notes;
    }

    static String fileName(String type, String path) {
        return (type + "--" + path).replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private record Chart(String file, String title, JFreeChart chart) {
    }
}
