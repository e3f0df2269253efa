package io.github.advent.tools.demo;

import io.github.advent.entropy.train.Method;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The demo report's charts (JFreeChart, headless): per-class scores by method, training curves. */
final class DemoCharts {
    static final Color[] METHOD_COLOURS = {new Color(0x88, 0x88, 0x88), new Color(0x3b, 0x6e, 0xa8), new Color(0xc0, 0x39, 0x2b)};

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private DemoCharts() {}

    /** Grouped bars: per class, one bar per method (mean over seeds, percent). */
    static void perClass(DemoTrack track, Path file) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Method method : track.methods()) {
            double[] values = track.summary(method).perClassMean();
            for (int c = 0; c < values.length; c++) {
                data.addValue(Double.isNaN(values[c]) ? null : 100 * values[c], label(method), track.classes().get(c));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(track.task() + ": per-class " + track.metric() + " on the target",
                null, "%", data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        for (int k = 0; k < track.methods().size(); k++) {
            renderer.setSeriesPaint(k, colour(track.methods().get(k)));
        }
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 100);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, Math.max(640, 90 * track.classes().size() + 160), 420);
    }

    /** Supervised and adaptation losses over the iterations of the first seed's runs. */
    static void curves(DemoTrack track, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        long seed = track.runs().get(0).seed();
        for (DemoTrack.Run run : track.runs()) {
            if (run.seed() != seed || run.curve().isEmpty()) {
                continue;
            }
            XYSeries supervised = new XYSeries(label(run.method()) + ": source loss");
            XYSeries adaptation = new XYSeries(label(run.method()) + ": target entropy");
            for (DemoTrack.CurvePoint point : run.curve()) {
                supervised.add(point.iteration(), point.supervised());
                if (run.method() != Method.SOURCE_ONLY) {
                    adaptation.add(point.iteration(), point.adaptation());
                }
            }
            data.addSeries(supervised);
            if (!adaptation.isEmpty()) {
                data.addSeries(adaptation);
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart(track.task() + ": training (seed " + seed + ")", "iteration",
                "loss (moving average)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            String key = data.getSeriesKey(s).toString();
            Method method = key.startsWith(label(Method.ADVENT)) ? Method.ADVENT
                    : key.startsWith(label(Method.MINENT)) ? Method.MINENT : Method.SOURCE_ONLY;
            renderer.setSeriesPaint(s, colour(method));
            if (!key.endsWith("source loss")) {
                renderer.setSeriesStroke(s, new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT,
                        java.awt.BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
            }
        }
        plot.setRenderer(renderer);
        // losses fall by orders of magnitude from the random start; entropies are small: a log scale shows both
        org.jfree.chart.axis.LogAxis range = LogTicks.axis("loss (moving average, log scale)");
        range.setSmallestValue(1e-3);
        plot.setRangeAxis(range);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 820, 420);
    }

    static String label(Method method) {
        return switch (method) {
            case SOURCE_ONLY -> "source-only";
            case MINENT -> "MinEnt";
            case ADVENT -> "AdvEnt";
        };
    }

    static Color colour(Method method) {
        return METHOD_COLOURS[method.ordinal() % METHOD_COLOURS.length];
    }
}
