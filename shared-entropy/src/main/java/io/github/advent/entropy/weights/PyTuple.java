package io.github.advent.entropy.weights;

import java.util.Arrays;
import java.util.List;

/** An immutable Python tuple from a pickle. Elements may be null (None). */
final class PyTuple {
    static final PyTuple EMPTY = new PyTuple(new Object[0]);

    private final Object[] items;

    PyTuple(Object[] items) {
        this.items = items;
    }

    static PyTuple of(List<Object> items) {
        return new PyTuple(items.toArray());
    }

    int size() {
        return items.length;
    }

    Object get(int i) {
        return items[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyTuple t && Arrays.equals(items, t.items);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(items);
    }

    @Override
    public String toString() {
        return "tuple of " + items.length;
    }
}
