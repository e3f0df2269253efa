package io.github.advent.entropy.weights;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A Python 3 bytes object from a pickle (BINBYTES). Python 2 strings are decoded to String instead. */
record PyBytes(byte[] bytes) {
    /** Latin-1, which maps every byte to one character; used when bytes serve as a dict key. */
    String latin1() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyBytes b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "bytes of " + bytes.length;
    }
}
