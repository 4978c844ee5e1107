package io.lakeobs.functions.views.parquet;

import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.io.api.Binary;

import java.util.Arrays;

/**
 * The dictionary of a string column: an open-addressing table over the values' bytes, in front of
 * which sits a table by identity. The ETL hands the same {@link Binary} instance for the same
 * string (its cache), and a block-constant column (process, stream, thread name) the same
 * instance row after row, so most values are found without hashing a byte: the previous value
 * first, then the identity table. A value whose bytes are reused by its producer is copied in and
 * never looked up by identity.
 */
final class BinaryDictionary implements Dictionary {
    private Binary[] values = new Binary[64];
    private int size;
    private long bytes;
    private int[] byContent = new int[128];
    private Binary[] identityKeys = new Binary[128];
    private int[] identityIds = new int[128];
    private int identities;
    private Binary last;
    private int lastId;

    /** The value's id, added if new. */
    int id(final Binary value) {
        if (value == last) {
            return lastId;
        }
        final boolean constant = !value.isBackingBytesReused();
        if (!constant) {
            last = null;
            return idByContent(value);
        }
        int mask = identityKeys.length - 1;
        int slot = mix(System.identityHashCode(value)) & mask;
        for (Binary key; (key = identityKeys[slot]) != null; slot = (slot + 1) & mask) {
            if (key == value) {
                last = value;
                lastId = identityIds[slot];
                return lastId;
            }
        }
        final int id = idByContent(value);
        if (2 * (identities + 1) > identityKeys.length) {
            if (identities > 4 * size + 1024) {
                Arrays.fill(identityKeys, null);
                identities = 0;
            } else {
                growIdentities();
            }
            mask = identityKeys.length - 1;
            slot = mix(System.identityHashCode(value)) & mask;
            while (identityKeys[slot] != null) {
                slot = (slot + 1) & mask;
            }
        }
        identityKeys[slot] = value;
        identityIds[slot] = id;
        identities++;
        last = value;
        lastId = id;
        return id;
    }

    Binary value(final int id) {
        return values[id];
    }

    private int idByContent(final Binary value) {
        final int mask = byContent.length - 1;
        int slot = mix(value.hashCode()) & mask;
        for (int entry; (entry = byContent[slot]) != 0; slot = (slot + 1) & mask) {
            if (values[entry - 1].equals(value)) {
                return entry - 1;
            }
        }
        final int id = size;
        if (id == values.length) {
            values = Arrays.copyOf(values, 2 * id);
        }
        values[id] = value.copy();
        size++;
        bytes += 4 + value.length();
        byContent[slot] = id + 1;
        if (2 * size > byContent.length) {
            growContent();
        }
        return id;
    }

    private void growContent() {
        final int[] table = new int[2 * byContent.length];
        final int mask = table.length - 1;
        for (int id = 0; id < size; id++) {
            int slot = mix(values[id].hashCode()) & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = id + 1;
        }
        byContent = table;
    }

    private void growIdentities() {
        final Binary[] keys = identityKeys;
        final int[] ids = identityIds;
        identityKeys = new Binary[2 * keys.length];
        identityIds = new int[2 * keys.length];
        final int mask = identityKeys.length - 1;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                int slot = mix(System.identityHashCode(keys[i])) & mask;
                while (identityKeys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                identityKeys[slot] = keys[i];
                identityIds[slot] = ids[i];
            }
        }
    }

    private static int mix(final int hash) {
        final int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public void writePlain(final int id, final ByteSink out) {
        out.binary(values[id]);
    }

    @Override
    public void updateStatistics(final int id, final Statistics<?> statistics) {
        statistics.updateStats(values[id]);
    }

    @Override
    public void clear() {
        Arrays.fill(values, 0, size, null);
        size = 0;
        bytes = 0;
        Arrays.fill(byContent, 0);
        Arrays.fill(identityKeys, null);
        identities = 0;
        last = null;
    }
}
