package io.github.advent.entropy.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.csv} of a run: one row per iteration (iteration, seconds, learning rates, every
 * loss), flushed as it is written so a crash loses at most the current row. When a run resumes from
 * a snapshot, rows from that iteration on are dropped: they will be computed again.
 */
final class MetricsLog implements AutoCloseable {
    private static final String FIXED = "iteration,seconds,lr,lr_discriminator";

    private final Path file;
    private BufferedWriter out;
    private List<String> columns;

    private MetricsLog(Path file, BufferedWriter out, List<String> columns) {
        this.file = file;
        this.out = out;
        this.columns = columns;
    }

    /** Opens the log for a run whose next iteration is {@code nextIteration}, keeping only earlier rows. */
    static MetricsLog open(Path file, long nextIteration) throws IOException {
        List<String> columns = null;
        if (Files.exists(file)) {
            List<String> kept = new ArrayList<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && lines.get(0).startsWith(FIXED)) {
                kept.add(lines.get(0));
                List<String> header = List.of(lines.get(0).split(",", -1));
                columns = header.subList(4, header.size());
                for (String line : lines.subList(1, lines.size())) {
                    int comma = line.indexOf(',');
                    if (comma > 0 && isBefore(line.substring(0, comma), nextIteration)) {
                        kept.add(line);
                    }
                }
            }
            Files.write(file, kept.isEmpty() ? List.of() : kept, StandardCharsets.UTF_8);
            if (kept.isEmpty()) {
                columns = null;
            }
        }
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return new MetricsLog(file, out, columns);
    }

    private static boolean isBefore(String iteration, long next) {
        try {
            return Long.parseLong(iteration) < next;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    void append(IterationLosses losses, double seconds) {
        try {
            if (columns == null) {
                columns = List.copyOf(losses.values().keySet());
                out.write(FIXED + (columns.isEmpty() ? "" : "," + String.join(",", columns)));
                out.newLine();
            }
            StringBuilder row = new StringBuilder();
            row.append(losses.iteration()).append(',').append(format(seconds)).append(',')
                    .append(format(losses.learningRate())).append(',').append(format(losses.discriminatorLearningRate()));
            for (String column : columns) {
                Double value = losses.values().get(column);
                row.append(',').append(value == null ? "" : format(value));
            }
            out.write(row.toString());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.7g", value);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
