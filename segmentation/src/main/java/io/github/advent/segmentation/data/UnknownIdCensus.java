package io.github.advent.segmentation.data;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, per sample and per dataset, the label pixels whose id the label map did not know (they
 * were mapped to 255). Each sample is counted once, the first time its labels are read, however
 * many epochs read it again; counts are at the label file's own resolution. The first sample with
 * unknown ids is also logged as a warning, so the problem is never silent. Thread-safe.
 */
public final class UnknownIdCensus {
    private static final Logger LOG = LoggerFactory.getLogger(UnknownIdCensus.class);

    private final String dataset;
    private final String labelMap;
    private final AtomicLongArray perSample;
    private final AtomicInteger samplesRead = new AtomicInteger();
    private final AtomicInteger samplesWithUnknown = new AtomicInteger();
    private final LongAdder unknownPixels = new LongAdder();
    private final LongAdder pixelsRead = new LongAdder();
    private final Map<Integer, LongAdder> byId = new ConcurrentHashMap<>();
    private final AtomicBoolean warned = new AtomicBoolean();

    UnknownIdCensus(String dataset, String labelMap, int samples) {
        this.dataset = dataset;
        this.labelMap = labelMap;
        this.perSample = new AtomicLongArray(samples);
        for (int i = 0; i < samples; i++) {
            perSample.set(i, -1);
        }
    }

    /** Records sample {@code index}'s counts unless it was recorded before. */
    void record(int index, String file, MappedLabels labels) {
        if (!perSample.compareAndSet(index, -1, labels.unknownPixels())) {
            return;
        }
        samplesRead.incrementAndGet();
        pixelsRead.add((long) labels.width() * labels.height());
        if (labels.unknownPixels() == 0) {
            return;
        }
        samplesWithUnknown.incrementAndGet();
        unknownPixels.add(labels.unknownPixels());
        labels.unknownIds().forEach((id, count) -> byId.computeIfAbsent(id, k -> new LongAdder()).add(count));
        if (warned.compareAndSet(false, true)) {
            LOG.warn("{}: {} has {} pixels with label ids outside the label map {} ({}); they are ignored (255). "
                    + "Further ones are counted in the dataset's summary.", dataset, file, labels.unknownPixels(), labelMap,
                    idList(labels.unknownIds()));
        }
    }

    /** Unknown-id pixels of sample {@code index}, or -1 when its labels have not been read yet. */
    public long unknownPixels(int index) {
        return perSample.get(index);
    }

    /** Total unknown-id pixels over the samples read so far. */
    public long unknownPixels() {
        return unknownPixels.sum();
    }

    /** Label pixels read so far (each sample once). */
    public long pixelsRead() {
        return pixelsRead.sum();
    }

    /** Distinct samples whose labels were read. */
    public int samplesRead() {
        return samplesRead.get();
    }

    /** Samples in which at least one pixel had an unknown id. */
    public int samplesWithUnknownIds() {
        return samplesWithUnknown.get();
    }

    /** Unknown id -> pixel count, over the samples read so far. */
    public SortedMap<Integer, Long> unknownIds() {
        SortedMap<Integer, Long> out = new TreeMap<>();
        byId.forEach((id, count) -> out.put(id, count.sum()));
        return out;
    }

    /**
     * One line for logs and reports, e.g. "gta5 /data/gta5: 12 of 2,048,000 label pixels in 2 of 5
     * samples read had ids outside the label map gta5 (id 34: 10, id 99: 2); they were ignored (255)".
     */
    public String summary() {
        if (unknownPixels() == 0) {
            return String.format("%s: every label id known to the label map %s (%,d samples, %,d pixels read)", dataset,
                    labelMap, samplesRead(), pixelsRead());
        }
        return String.format("%s: %,d of %,d label pixels in %,d of %,d samples read had ids outside the label map %s (%s);"
                + " they were ignored (255)", dataset, unknownPixels(), pixelsRead(), samplesWithUnknownIds(), samplesRead(),
                labelMap, idList(unknownIds()));
    }

    private static String idList(SortedMap<Integer, Long> ids) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (Map.Entry<Integer, Long> e : ids.entrySet()) {
            if (shown == 8) {
                out.append(", ... ").append(ids.size() - shown).append(" more ids");
                break;
            }
            if (shown > 0) {
                out.append(", ");
            }
            out.append("id ").append(e.getKey()).append(": ").append(String.format("%,d", e.getValue()));
            shown++;
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
