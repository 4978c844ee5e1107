package io.lakeobs.functions.views.parquet;

import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

import java.util.Arrays;

/**
 * The dictionary of an INT32, INT64 or DOUBLE column, keyed by the value's 64 bits (a double's
 * raw bits, so every value reads back bit for bit) in an open-addressing table.
 */
final class LongDictionary implements Dictionary {
    private final PrimitiveTypeName type;
    private long[] values = new long[64];
    private int size;
    private long[] keys = new long[128];
    private int[] ids = new int[128];
    private long last;
    private int lastId = -1;

    LongDictionary(final PrimitiveTypeName type) {
        this.type = type;
    }

    /** The value's id, added if new. */
    int id(final long value) {
        if (value == last && lastId >= 0) {
            return lastId;
        }
        final int mask = keys.length - 1;
        int slot = mix(value) & mask;
        for (int entry; (entry = ids[slot]) != 0; slot = (slot + 1) & mask) {
            if (keys[slot] == value) {
                last = value;
                lastId = entry - 1;
                return lastId;
            }
        }
        final int id = size;
        if (id == values.length) {
            values = Arrays.copyOf(values, 2 * id);
        }
        values[id] = value;
        size++;
        keys[slot] = value;
        ids[slot] = id + 1;
        if (2 * size > keys.length) {
            grow();
        }
        last = value;
        lastId = id;
        return id;
    }

    private void grow() {
        keys = new long[2 * keys.length];
        ids = new int[keys.length];
        final int mask = keys.length - 1;
        for (int id = 0; id < size; id++) {
            int slot = mix(values[id]) & mask;
            while (ids[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = values[id];
            ids[slot] = id + 1;
        }
    }

    private static int mix(final long value) {
        final long h = value * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long bytes() {
        return (long) size * (type == PrimitiveTypeName.INT32 ? 4 : 8);
    }

    @Override
    public void writePlain(final int id, final ByteSink out) {
        if (type == PrimitiveTypeName.INT32) {
            out.intLE((int) values[id]);
        } else {
            out.longLE(values[id]);
        }
    }

    @Override
    public void updateStatistics(final int id, final Statistics<?> statistics) {
        switch (type) {
            case INT32 -> statistics.updateStats((int) values[id]);
            case DOUBLE -> statistics.updateStats(Double.longBitsToDouble(values[id]));
            default -> statistics.updateStats(values[id]);
        }
    }

    @Override
    public void clear() {
        size = 0;
        Arrays.fill(ids, 0);
        lastId = -1;
    }
}
