package io.github.advent.entropy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.advent.entropy.ClassHistogram;
import io.github.advent.entropy.io.BadInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClassHistogramsTest {
    private static IndexedDataset<int[]> labels(int size, BadInputException failAt7) {
        return new IndexedDataset<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public int[] get(int index) {
                if (failAt7 != null && index == 7) {
                    throw failAt7;
                }
                int[] l = new int[50];
                for (int i = 0; i < l.length; i++) {
                    l[i] = (index * 7 + i * i) % 6 == 5 ? 255 : (index + i) % 5;
                }
                return l;
            }

            @Override
            public String name(int index) {
                return "l" + index;
            }
        };
    }

    @Test
    void parallelScanEqualsSequentialScan() {
        IndexedDataset<int[]> dataset = labels(31, null);
        ClassHistogram sequential = ClassHistograms.scan(dataset, l -> l, 5, 1);
        for (int threads : new int[] {2, 3, 8}) {
            assertArrayEquals(sequential.counts(), ClassHistograms.scan(dataset, l -> l, 5, threads).counts());
        }
        ClassHistogram manual = new ClassHistogram(5);
        for (int i = 0; i < 31; i++) {
            manual.add(dataset.get(i));
        }
        assertArrayEquals(manual.counts(), sequential.counts());
    }

    @Test
    void propagatesABadFile() {
        BadInputException bad = new BadInputException(Path.of("x.png"), "corrupt");
        assertSame(bad, assertThrows(BadInputException.class, () -> ClassHistograms.scan(labels(20, bad), l -> l, 5, 3)));
    }
}
