package io.github.advent.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo report's gain colours and the training chart's log-axis ticks. */
class DemoReportStyleTest {

    @Test
    void aGainIsColouredAsItIsPrintedWithTwoDecimals() {
        assertEquals("neutral", DemoReport.gainClass(0.004), "prints +0.00");
        assertEquals("neutral", DemoReport.gainClass(0.0));
        assertEquals("neutral", DemoReport.gainClass(-0.004), "prints -0.00");
        assertEquals("gain", DemoReport.gainClass(0.006), "prints +0.01");
        assertEquals("loss", DemoReport.gainClass(-0.006), "prints -0.01");
        assertEquals("gain", DemoReport.gainClass(0.005), "rounds half up to +0.01, as %+.2f does");
        assertEquals("neutral", DemoReport.gainClass(Double.NaN));
    }

    @Test
    void logTicksAreOneTwoFiveTimesPowersOfTenWithinTheRange() {
        assertEquals(List.of("0.2", "0.5", "1", "2"), labels(0.15, 3));
        assertEquals(List.of("0.001", "0.002", "0.005", "0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10"),
                labels(0.001, 10));
        assertEquals(List.of("0.2", "0.5", "1"), labels(0.2, 1), "bounds that are ticks are kept");
        assertEquals(List.of("5", "10", "20", "50"), labels(3, 60));
    }

    @Test
    void aNarrowRangeStillGetsTwoEvenlySpacedTicks() {
        assertEquals(List.of("1", "1.5"), labels(0.6, 1.5), "only 1 is a 1-2-5 tick: steps of 0.5 instead");
        assertEquals(List.of("0.32", "0.34"), labels(0.31, 0.34), "no 1-2-5 tick at all: steps of 0.02");
        assertEquals(List.of("0.31", "0.312", "0.314"), labels(0.3095, 0.3145));
    }

    @Test
    void aRangeOutsideThePositiveNumbersIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> LogTicks.values(0, 1));
        assertThrows(IllegalArgumentException.class, () -> LogTicks.values(2, 1));
    }

    private static List<String> labels(double lower, double upper) {
        return LogTicks.values(lower, upper).stream().map(LogTicks::label).toList();
    }

    @Test
    void labelsArePlainNumbers() {
        assertEquals("0.0005", LogTicks.label(new BigDecimal("5E-4")));
        assertEquals("200", LogTicks.label(new BigDecimal("2E+2")));
    }
}
