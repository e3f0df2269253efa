package io.github.advent.eval.report;

import io.github.advent.eval.report.EvalReport.ClassRow;
import io.github.advent.eval.report.EvalReport.MeanRow;
import io.github.advent.eval.report.EvalReport.SweepRow;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's charts as PNG, drawn with JFreeChart (pure Java, headless AWT): the per-class bar
 * chart with the headline mean as a line, and a sweep's mean-per-snapshot curve with the best
 * snapshot marked.
 */
final class Charts {
    private static final Color BAR = new Color(0x3b, 0x6e, 0xa8);
    private static final Color MEAN = new Color(0xc0, 0x39, 0x2b);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {}

    static void perClass(EvalReport r, Path file) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ClassRow c : r.classes()) {
            data.addValue(Double.isNaN(c.value()) ? null : 100 * c.value(), r.valueName(), c.name());
        }
        JFreeChart chart = ChartFactory.createBarChart(r.title() + ": per-class " + r.valueName(), null,
                r.valueName() + " (%)", data, PlotOrientation.VERTICAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setSeriesPaint(0, BAR);
        renderer.setShadowVisible(false);
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        range.setRange(0, 100);
        CategoryAxis domain = plot.getDomainAxis();
        domain.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        if (!r.means().isEmpty()) {
            MeanRow m = r.means().get(0);
            if (!Double.isNaN(m.value())) {
                ValueMarker marker = new ValueMarker(100 * m.value(), MEAN, new BasicStroke(2f));
                marker.setLabel(String.format(Locale.ROOT, "%s %.2f", m.name(), 100 * m.value()));
                marker.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
                marker.setLabelPaint(MEAN);
                marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
                marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
                plot.addRangeMarker(marker);
            }
        }
        int width = Math.max(700, 48 * r.classes().size() + 160);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, 520);
    }

    static void sweep(EvalReport.Sweep s, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int k = 0; k < s.meanNames().size(); k++) {
            XYSeries series = new XYSeries(s.meanNames().get(k));
            for (SweepRow p : s.points()) {
                double v = p.means()[k];
                series.add(p.iteration(), Double.isNaN(v) ? null : 100 * v);
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Mean over snapshots", "iteration", "mean (%)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        if (s.bestIndex() >= 0) {
            SweepRow best = s.points().get(s.bestIndex());
            ValueMarker marker = new ValueMarker(best.iteration(), MEAN, new BasicStroke(1.5f));
            marker.setLabel("best: " + best.iteration());
            marker.setLabelPaint(MEAN);
            marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            plot.addDomainMarker(marker);
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 480);
    }
}
