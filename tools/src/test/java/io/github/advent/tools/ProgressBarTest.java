package io.github.advent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    static final long SECOND = 1_000_000_000L;
    static final String NL = System.lineSeparator();

    final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    final StringBuilder sink = new StringBuilder();

    ProgressBar bar(long total, boolean interactive, int logEvery) {
        return new ProgressBar("train", total, sink, clock::get, interactive, logEvery, 200);
    }

    void advance(double seconds) {
        clock.addAndGet((long) (seconds * SECOND));
    }

    @Test
    void formatsBarPercentCountRateEtaAndStatus() {
        ProgressBar bar = bar(200, true, 0);
        advance(29);
        bar.set(90);
        bar.status("loss 0.41");
        // 90 in 29 s = 3.10 it/s; 110 left = 35.4 s
        assertEquals("train [#########...........] 45% 90/200 3.1 it/s ETA 0:35  loss 0.41", bar.format(clock.get()));
    }

    @Test
    void finishedLineShowsTheElapsedTime() {
        ProgressBar bar = bar(200, true, 0);
        advance(64);
        bar.set(200);
        assertEquals("train [####################] 100% 200/200 3.1 it/s in 1:04", bar.format(clock.get()));
    }

    @Test
    void beforeAnyProgressRateAndEtaAreUnknown() {
        ProgressBar bar = bar(10, true, 0);
        assertEquals("train [....................] 0% 0/10 ? it/s ETA ?", bar.format(clock.get()));
    }

    @Test
    void unknownTotalShowsCountRateAndElapsed() {
        ProgressBar bar = bar(0, true, 0);
        advance(10);
        bar.set(25);
        assertEquals("train 25 2.5 it/s 0:10", bar.format(clock.get()));
    }

    @Test
    void slowRatesAreSecondsPerItemAndLongEtasHaveHours() {
        ProgressBar bar = bar(120_000, true, 0);
        advance(20);
        bar.set(8);
        assertEquals("train [....................] 0% 8/120000 2.5 s/it ETA 83:19:40", bar.format(clock.get()));
        assertEquals("1:02:05", ProgressBar.formatDuration(3725));
        assertEquals("0:00", ProgressBar.formatDuration(0.2));
        assertEquals("150 it/s", ProgressBar.formatRate(150.4));
        assertEquals("? it/s", ProgressBar.formatRate(0));
    }

    @Test
    void redrawsInPlaceAtMostFiveTimesASecond() {
        ProgressBar bar = bar(1000, true, 0);
        for (int i = 0; i < 100; i++) {
            advance(0.01); // 100 steps in 1 s
            bar.step();
        }
        long draws = sink.chars().filter(c -> c == '\r').count();
        assertTrue(draws >= 5 && draws <= 6, "draws: " + draws);
        assertFalse(sink.toString().contains("\n"), "no newline before close");
        bar.close();
        assertTrue(sink.toString().endsWith("100/1000 100 it/s ETA 0:09" + NL), sink::toString);
    }

    @Test
    void aShorterLineWipesTheLongerOneBeforeIt() {
        ProgressBar bar = bar(10, true, 0);
        bar.status("a long status text");
        advance(1);
        bar.status("");
        String last = sink.substring(sink.lastIndexOf("\r") + 1);
        String prev = sink.substring(sink.indexOf("\r") + 1, sink.lastIndexOf("\r"));
        assertEquals(prev.length(), last.length());
        assertTrue(last.endsWith("   "), last);
    }

    @Test
    void completionIsDrawnEvenWithinTheThrottle() {
        ProgressBar bar = bar(3, true, 0);
        bar.step();
        bar.step();
        bar.step();
        assertTrue(sink.toString().contains("100% 3/3"), sink::toString);
    }

    @Test
    void notATerminalPrintsNothing() {
        ProgressBar bar = bar(100, false, 0);
        for (int i = 0; i < 100; i++) {
            advance(1);
            bar.step();
        }
        bar.close();
        assertEquals("", sink.toString());
    }

    @Test
    void notATerminalCanLogOneLinePerStep() {
        ProgressBar bar = bar(100, false, 25);
        for (int i = 0; i < 100; i++) {
            advance(1);
            bar.step();
        }
        bar.close();
        String[] lines = sink.toString().split(NL);
        assertEquals(4, lines.length, sink::toString);
        assertEquals("train [#####...............] 25% 25/100 1.0 it/s ETA 1:15", lines[0]);
        assertEquals("train [####################] 100% 100/100 1.0 it/s in 1:40", lines[3]);
        assertFalse(sink.toString().contains("\r"));
    }

    @Test
    void loggedRunThatStopsEarlySaysWhereOnClose() {
        ProgressBar bar = bar(100, false, 50);
        advance(1);
        bar.set(37);
        bar.close();
        assertEquals("train [#######.............] 37% 37/100 37.0 it/s ETA 0:02" + NL, sink.toString());
    }

    @Test
    void longLinesAreCutToTheTerminalWidth() {
        ProgressBar bar = new ProgressBar("train", 10, sink, clock::get, true, 0, 40);
        bar.status("x".repeat(100));
        assertEquals(39, bar.format(clock.get()).length());
    }

    @Test
    void writesToAPrintStream() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressBar bar = new ProgressBar("eval", 2, stream, clock::get, true, 0, 100)) {
            advance(1);
            bar.step(2);
        }
        assertEquals("\reval [####################] 100% 2/2 2.0 it/s in 0:01\reval [####################] 100% 2/2"
                + " 2.0 it/s in 0:01" + NL, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void closeIsIdempotentAndLaterStepsAreIgnored() {
        ProgressBar bar = bar(10, true, 0);
        bar.close();
        String after = sink.toString();
        bar.close();
        bar.step();
        assertEquals(after, sink.toString());
    }

    @Test
    void theLauncherSaysWhetherStderrIsATerminal() {
        String before = System.getProperty("advent.stderr.tty");
        try {
            System.setProperty("advent.stderr.tty", "true");
            assertTrue(ProgressBar.stderrIsTerminal());
            System.setProperty("advent.stderr.tty", "false");
            assertFalse(ProgressBar.stderrIsTerminal());
        } finally {
            if (before == null) {
                System.clearProperty("advent.stderr.tty");
            } else {
                System.setProperty("advent.stderr.tty", before);
            }
        }
    }
}
