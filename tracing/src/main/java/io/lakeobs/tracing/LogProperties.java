package io.lakeobs.tracing;

import java.util.Arrays;

/**
 * The key/value properties one log carries (a logging bridge's MDC values and markers), as a
 * reusable list a bridge keeps per thread and refills for each log: adding stores two
 * references, so attaching an MDC costs no allocation. Keys are unique: adding a key again
 * replaces its value. At most {@value #MAX_ENTRIES} entries are recorded (the format's count
 * is one byte); further keys are left out. Not thread-safe: one per thread.
 */
public final class LogProperties {
    /** The most entries a log_record carries. */
    public static final int MAX_ENTRIES = 255;
    private String[] keys = new String[8];
    private String[] values = new String[8];
    private int size;

    /** Sets that key's value; a null key or value, or a key past the maximum, is left out. */
    public LogProperties put(final String key, final String value) {
        if (key == null || value == null) {
            return this;
        }
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                values[i] = value;
                return this;
            }
        }
        if (size == MAX_ENTRIES) {
            return this;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, Math.min(MAX_ENTRIES, size * 2));
            values = Arrays.copyOf(values, keys.length);
        }
        keys[size] = key;
        values[size++] = value;
        return this;
    }

    /** Removes that key; the others keep their order. */
    public void remove(final String key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                System.arraycopy(keys, i + 1, keys, i, size - i - 1);
                System.arraycopy(values, i + 1, values, i, size - i - 1);
                size--;
                keys[size] = null;
                values[size] = null;
                return;
            }
        }
    }

    /** The value of that key, or null. */
    public String get(final String key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    public void clear() {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
    }

    /** Adds every entry of {@code other} (by reference). */
    public LogProperties putAll(final LogProperties other) {
        for (int i = 0; i < other.size; i++) {
            put(other.keys[i], other.values[i]);
        }
        return this;
    }

    public int size() {
        return size;
    }

    public String key(final int index) {
        return keys[index];
    }

    public String value(final int index) {
        return values[index];
    }
}
