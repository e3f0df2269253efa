package io.github.advent.entropy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SampleOrderTest {
    @Test
    void everyEpochIsAPermutation() {
        SampleOrder order = SampleOrder.shuffled(37, 1234);
        for (long epoch = 0; epoch < 5; epoch++) {
            int[] seen = new int[37];
            for (int i = 0; i < 37; i++) {
                seen[order.index(epoch * 37 + i)]++;
            }
            for (int count : seen) {
                assertEquals(1, count, "epoch " + epoch);
            }
        }
    }

    @Test
    void sameSeedSameOrderDifferentSeedOrEpochDifferentOrder() {
        SampleOrder a = SampleOrder.shuffled(50, 1234);
        SampleOrder b = SampleOrder.shuffled(50, 1234);
        SampleOrder c = SampleOrder.shuffled(50, 1235);
        for (long i = 0; i < 200; i++) {
            assertEquals(a.index(i), b.index(i));
        }
        assertFalse(Arrays.equals(a.permutation(0), c.permutation(0)));
        assertFalse(Arrays.equals(a.permutation(0), a.permutation(1)));
        assertFalse(Arrays.equals(a.permutation(0), SampleOrder.sequential(50).permutation(0)), "shuffled");
    }

    @Test
    void isAPureFunctionOfTheIterationSoResumeContinuesExactly() {
        int size = 23;
        long seed = 99;
        SampleOrder uninterrupted = SampleOrder.shuffled(size, seed);
        int[] expected = new int[200];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = uninterrupted.index(i);
        }
        // a run that stopped at iteration k and resumed with a fresh order object
        for (int k : new int[] {0, 1, 22, 23, 24, 57, 199}) {
            SampleOrder resumed = SampleOrder.shuffled(size, seed);
            for (int i = k; i < expected.length; i++) {
                assertEquals(expected[i], resumed.index(i), "resumed at " + k + ", iteration " + i);
            }
        }
        // random access in any order gives the same answers (no hidden state)
        SampleOrder random = SampleOrder.shuffled(size, seed);
        for (int i = expected.length - 1; i >= 0; i -= 7) {
            assertEquals(expected[i], random.index(i));
            assertEquals(expected[(i * 13) % expected.length], random.index((i * 13) % expected.length));
        }
        assertEquals(3, random.epoch(69));
        assertEquals(uninterrupted.index(1L << 40), SampleOrder.shuffled(size, seed).index(1L << 40));
    }

    @Test
    void goldenOrderPinsTheAlgorithm() {
        // Fisher-Yates over SplitMix64.derived(seed, epoch): changing either breaks resuming old runs
        SampleOrder order = SampleOrder.shuffled(10, 1234);
        assertArrayEquals(GOLDEN_EPOCH_0, order.permutation(0), Arrays.toString(order.permutation(0)));
        assertArrayEquals(GOLDEN_EPOCH_1, order.permutation(1), Arrays.toString(order.permutation(1)));
    }

    private static final int[] GOLDEN_EPOCH_0 = {9, 7, 6, 5, 4, 3, 2, 8, 0, 1};
    private static final int[] GOLDEN_EPOCH_1 = {2, 8, 4, 5, 9, 1, 3, 0, 7, 6};

    @Test
    void sequentialOrderCycles() {
        SampleOrder order = SampleOrder.sequential(4);
        int[] got = new int[10];
        for (int i = 0; i < 10; i++) {
            got[i] = order.index(i);
        }
        assertArrayEquals(new int[] {0, 1, 2, 3, 0, 1, 2, 3, 0, 1}, got);
        assertEquals(0, SampleOrder.shuffled(1, 5).index(17));
    }

    @Test
    void positionsAreRoughlyUniform() {
        int size = 8;
        int epochs = 4000;
        SampleOrder order = SampleOrder.shuffled(size, 7);
        int[] first = new int[size];
        for (int e = 0; e < epochs; e++) {
            first[order.index((long) e * size)]++;
        }
        double expected = (double) epochs / size;
        double chi2 = 0;
        for (int count : first) {
            chi2 += (count - expected) * (count - expected) / expected;
        }
        assertTrue(chi2 < 30, "chi-square " + chi2 + " over " + Arrays.toString(first)); // 7 dof: p < 1e-4
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> SampleOrder.shuffled(0, 1));
        assertThrows(IllegalArgumentException.class, () -> SampleOrder.shuffled(3, 1).index(-1));
    }
}
