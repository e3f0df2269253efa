package io.github.advent.detection.box;

/**
 * Packs a (float value, int index) pair into a long whose ascending order is "value descending, then
 * index ascending", so that rankings sort a primitive array instead of boxed objects (NMS and mining
 * rank up to 8,732 boxes per class and image). NaN ranks last; −0 equals +0.
 */
final class SortKeys {
    private SortKeys() {}

    static long descending(float value, int index) {
        int ordered; // a signed int that grows with the value
        if (Float.isNaN(value)) {
            ordered = Integer.MIN_VALUE;
        } else {
            int bits = Float.floatToIntBits(value == 0f ? 0f : value);
            ordered = bits >= 0 ? bits : bits ^ 0x7FFFFFFF; // negatives: larger magnitude, smaller int
        }
        return ((long) ~ordered << 32) | (index & 0xFFFFFFFFL); // ~ reverses the order
    }

    static int index(long key) {
        return (int) key;
    }
}
