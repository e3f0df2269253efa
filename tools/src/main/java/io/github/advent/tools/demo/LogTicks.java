package io.github.advent.tools.demo;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * Readable ticks for a log axis: 1, 2 and 5 times the powers of ten that lie in the range, printed plainly
 * (0.1, 0.2, 0.5, 1, 2, 5 ...). JFreeChart's own LogAxis labels exponents (10^-0.3), which nobody reads at a glance.
 * A range too narrow to hold two of those gets evenly spaced ticks of a 1-2-5 step instead.
 */
final class LogTicks {
    private static final int[] MANTISSAS = {1, 2, 5};

    private LogTicks() {}

    /** The tick values in [lower, upper] (0 < lower <= upper), ascending; at least two unless lower == upper. */
    static List<BigDecimal> values(double lower, double upper) {
        if (!(lower > 0) || !(upper >= lower) || Double.isInfinite(upper)) {
            throw new IllegalArgumentException("a log axis needs 0 < lower <= upper, got " + lower + ", " + upper);
        }
        List<BigDecimal> ticks = new ArrayList<>();
        int first = (int) Math.floor(Math.log10(lower)) - 1;
        int last = (int) Math.ceil(Math.log10(upper)) + 1;
        for (int exponent = first; exponent <= last; exponent++) {
            for (int mantissa : MANTISSAS) {
                BigDecimal value = BigDecimal.valueOf(mantissa).scaleByPowerOfTen(exponent);
                if (inRange(value, lower, upper)) {
                    ticks.add(value);
                }
            }
        }
        return ticks.size() >= 2 || lower == upper ? ticks : linear(lower, upper);
    }

    /** Multiples of the largest 1-2-5 step that puts at least two of them in [lower, upper]. */
    private static List<BigDecimal> linear(double lower, double upper) {
        int exponent = (int) Math.floor(Math.log10(upper - lower));
        for (int e = exponent; ; e--) {
            for (int m = MANTISSAS.length - 1; m >= 0; m--) {
                BigDecimal step = BigDecimal.valueOf(MANTISSAS[m]).scaleByPowerOfTen(e);
                List<BigDecimal> ticks = new ArrayList<>();
                BigDecimal value = new BigDecimal(lower).divide(step, 0, java.math.RoundingMode.CEILING).multiply(step);
                for (; inRange(value, lower, upper); value = value.add(step)) {
                    ticks.add(value);
                }
                if (ticks.size() >= 2) {
                    return ticks;
                }
            }
        }
    }

    /** Within the range, allowing for its bounds' binary rounding (0.2 as a double is a little above 0.2). */
    private static boolean inRange(BigDecimal value, double lower, double upper) {
        double v = value.doubleValue();
        return v >= lower * (1 - 1e-12) && v <= upper * (1 + 1e-12);
    }

    /** A tick value as a person writes it: 0.05, 1, 20 (no exponent, no trailing zeros). */
    static String label(BigDecimal value) {
        return value.round(MathContext.DECIMAL64).stripTrailingZeros().toPlainString();
    }

    /** A LogAxis drawing {@link #values} with {@link #label}s. */
    static LogAxis axis(String label) {
        return new LogAxis(label) {
            @Override
            public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
                boolean vertical = RectangleEdge.isLeftOrRight(edge);
                TextAnchor anchor = vertical ? (edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT)
                        : (edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
                List<NumberTick> ticks = new ArrayList<>();
                for (BigDecimal value : values(getLowerBound(), getUpperBound())) {
                    ticks.add(new NumberTick(TickType.MAJOR, value.doubleValue(), label(value), anchor, TextAnchor.CENTER, 0.0));
                }
                return ticks;
            }
        };
    }
}
