/* A growable array of ints: the packet list's visible frame indexes, without boxing a million Integers. */
package org.overlaylab.app.ui.packets;

import java.util.Arrays;

public final class IntArray {
    private int[] values;
    private int size;

    public IntArray() {
        this(256);
    }

    public IntArray(int capacity) {
        values = new int[Math.max(16, capacity)];
    }

    public void add(int v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = v;
    }

    public int get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
        return values[i];
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    /** Removes the first n values. */
    public void dropFirst(int n) {
        if (n <= 0) {
            return;
        }
        int keep = size - Math.min(n, size);
        System.arraycopy(values, size - keep, values, 0, keep);
        size = keep;
    }

    /** Position of a value in this sorted array, or -(insertion point) - 1. */
    public int binarySearch(int v) {
        return Arrays.binarySearch(values, 0, size, v);
    }
}
