package io.github.advent.tools;

import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress report on stderr for anything that takes more than a few seconds:
 *
 * <pre>label [#########...........] 45% 90/200 3.1 it/s ETA 0:35  loss 0.41</pre>
 *
 * On a terminal the line is redrawn in place at most {@link #REDRAW_NANOS every 0.2 s}; when stderr
 * is not a terminal ({@link #stderrIsTerminal()}) nothing is printed, unless {@code logEveryPercent} asks for one plain line each
 * time another so many percent are done (useful in batch-job logs). A total of 0 or less means
 * unknown: the line then shows the count, rate and elapsed time. {@link #close()} ends the line.
 * Thread-safe.
 */
public final class ProgressBar implements AutoCloseable {
    /** Minimum time between two redraws on a terminal: about 5 per second. */
    public static final long REDRAW_NANOS = 200_000_000L;
    static final int BAR_WIDTH = 20;

    private final String label;
    private final long total;
    private final Appendable sink;
    private final LongSupplier nanoClock;
    private final boolean interactive;
    private final int logEveryPercent;
    private final int maxWidth;
    private final long startNanos;

    private long done;
    private String status = "";
    private long lastDrawNanos = Long.MIN_VALUE;
    private int lastDrawnLength;
    private long lastLoggedBucket;
    private long lastLoggedDone = -1;
    private boolean closed;

    /** A bar on stderr, drawn only when stderr is a terminal. */
    public ProgressBar(String label, long total) {
        this(label, total, 0);
    }

    /**
     * A bar on stderr, drawn when stderr is a terminal; otherwise one line per
     * {@code logEveryPercent} percent (0: nothing).
     */
    public ProgressBar(String label, long total, int logEveryPercent) {
        this(label, total, System.err, System::nanoTime, stderrIsTerminal(), logEveryPercent, terminalWidth());
    }

    /**
     * Whether stderr is a terminal. The {@code ./advent} launcher knows ({@code [ -t 2 ]}) and says
     * so in {@code -Dadvent.stderr.tty}; without it, {@code System.console() != null}, which is
     * also false when only stdin or stdout is redirected.
     */
    public static boolean stderrIsTerminal() {
        String flag = System.getProperty("advent.stderr.tty");
        return flag != null ? Boolean.parseBoolean(flag) : System.console() != null;
    }

    /** A bar that draws nothing (work on a cluster's executor). */
    static ProgressBar silent() {
        return new ProgressBar("", 0, java.io.Writer.nullWriter(), System::nanoTime, false, 0, 80);
    }

    /** For tests and special sinks: everything injected. */
    ProgressBar(String label, long total, Appendable sink, LongSupplier nanoClock, boolean interactive,
            int logEveryPercent, int maxWidth) {
        if (logEveryPercent < 0 || logEveryPercent > 100) {
            throw new IllegalArgumentException("logEveryPercent must be in [0, 100], got " + logEveryPercent);
        }
        this.label = label;
        this.total = total;
        this.sink = sink;
        this.nanoClock = nanoClock;
        this.interactive = interactive;
        this.logEveryPercent = logEveryPercent;
        this.maxWidth = Math.max(20, maxWidth);
        this.startNanos = nanoClock.getAsLong();
    }

    /** One more item done. */
    public void step() {
        step(1);
    }

    /** {@code n} more items done. */
    public synchronized void step(long n) {
        update(done + n);
    }

    /** {@code count} items done in all. */
    public synchronized void set(long count) {
        update(count);
    }

    /** Free text after the numbers, e.g. the latest losses; shown with the next redraw. */
    public synchronized void status(String text) {
        status = text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ");
        maybeDraw(false);
    }

    /** Items done so far. */
    public synchronized long done() {
        return done;
    }

    private void update(long count) {
        if (closed) {
            return;
        }
        done = Math.max(0, count);
        maybeDraw(false);
    }

    private void maybeDraw(boolean force) {
        if (closed) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (interactive) {
            boolean finished = total > 0 && done >= total;
            if (force || finished || lastDrawNanos == Long.MIN_VALUE || now - lastDrawNanos >= REDRAW_NANOS) {
                redraw(format(now));
                lastDrawNanos = now;
            }
        } else if (logEveryPercent > 0 && total > 0) {
            long bucket = percent() / logEveryPercent;
            if (bucket > lastLoggedBucket) {
                lastLoggedBucket = bucket;
                lastLoggedDone = done;
                write(format(now) + System.lineSeparator());
            }
        }
    }

    private void redraw(String line) {
        StringBuilder sb = new StringBuilder(line.length() + 16).append('\r').append(line);
        for (int i = line.length(); i < lastDrawnLength; i++) {
            sb.append(' '); // wipe the rest of a longer previous line
        }
        lastDrawnLength = line.length();
        write(sb.toString());
    }

    /** Draws the final state and ends the line (nothing when nothing would have been shown). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (interactive) {
            redraw(format(now));
            write(System.lineSeparator());
        } else if (logEveryPercent > 0 && total > 0 && done > 0 && done != lastLoggedDone) {
            write(format(now) + System.lineSeparator()); // where it ended, if no log line said so
        }
        closed = true;
    }

    private long percent() {
        return total <= 0 ? 0 : Math.min(100, done * 100 / total);
    }

    /** The line as it would be drawn at {@code nowNanos}, cut to the terminal width. */
    synchronized String format(long nowNanos) {
        double elapsed = Math.max(0, nowNanos - startNanos) / 1e9;
        double rate = elapsed > 0 ? done / elapsed : 0;
        StringBuilder sb = new StringBuilder(label);
        if (total > 0) {
            long shown = Math.min(done, total);
            int filled = (int) (BAR_WIDTH * shown / total);
            sb.append(" [").append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(percent()).append("% ").append(done).append('/').append(total).append(' ')
                    .append(formatRate(rate));
            if (done >= total) {
                sb.append(" in ").append(formatDuration(elapsed));
            } else {
                sb.append(" ETA ").append(rate > 0 ? formatDuration((total - done) / rate) : "?");
            }
        } else {
            sb.append(' ').append(done).append(' ').append(formatRate(rate)).append(' ').append(formatDuration(elapsed));
        }
        if (!status.isEmpty()) {
            sb.append("  ").append(status);
        }
        if (sb.length() > maxWidth - 1) {
            sb.setLength(maxWidth - 1); // a wrapped line cannot be redrawn in place
        }
        return sb.toString();
    }

    /** {@code 3.1 it/s}, or {@code 2.5 s/it} below one item per second, or {@code ? it/s} before any. */
    static String formatRate(double perSecond) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            return "? it/s";
        }
        if (perSecond >= 1) {
            return String.format(Locale.ROOT, perSecond >= 100 ? "%.0f it/s" : "%.1f it/s", perSecond);
        }
        return String.format(Locale.ROOT, "%.1f s/it", 1 / perSecond);
    }

    /** {@code 0:35}, {@code 12:05}, {@code 3:07:44} (hours grow without bound). */
    static String formatDuration(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }

    private void write(String text) {
        try {
            sink.append(text);
            if (sink instanceof Flushable f) {
                f.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code COLUMNS} when the shell (or the launcher) exports it, else 100. */
    static int terminalWidth() {
        try {
            String columns = System.getenv("COLUMNS");
            return columns == null ? 100 : Integer.parseInt(columns.strip());
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
