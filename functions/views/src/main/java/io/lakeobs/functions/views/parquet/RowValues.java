package io.lakeobs.functions.views.parquet;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.Arrays;

/**
 * A row's top-level values read back as it writes them: consumers of decoded rows other than a
 * Parquet file (the trace export) see exactly what the view file would hold, by the view's
 * {@link Column} constants. Nested values (maps, lists) are not kept. Reusable: {@link #read}
 * forgets the previous row.
 */
public final class RowValues extends RecordConsumer {
    private final Object[] values;
    private int field = -1;
    private int groups;

    /** @param columns the view's number of top-level columns */
    public RowValues(final int columns) {
        values = new Object[columns];
    }

    /** Reads {@code row}'s values (a column left out is null). */
    public RowValues read(final ParquetRow row) {
        Arrays.fill(values, null);
        groups = 0;
        row.writeTo(this);
        return this;
    }

    public String text(final Column.Text column) {
        final Object value = values[column.index()];
        return value == null ? null : ((Binary) value).toStringUsingUTF8();
    }

    /** The value, or null when the row left this (nullable) column out. */
    public Long int64(final Column.Int64 column) {
        return (Long) values[column.index()];
    }

    public int int32(final Column.Int32 column) {
        return (Integer) values[column.index()];
    }

    private void set(final Object value) {
        if (groups == 0) {
            values[field] = value;
        }
    }

    @Override public void startMessage() { }
    @Override public void endMessage() { }

    @Override
    public void startField(final String name, final int index) {
        if (groups == 0) {
            field = index;
        }
    }

    @Override public void endField(final String name, final int index) { }

    @Override
    public void startGroup() {
        groups++;
    }

    @Override
    public void endGroup() {
        groups--;
    }

    @Override
    public void addInteger(final int value) {
        set(value);
    }

    @Override
    public void addLong(final long value) {
        set(value);
    }

    @Override
    public void addBoolean(final boolean value) {
        set(value);
    }

    @Override
    public void addBinary(final Binary value) {
        set(value);
    }

    @Override
    public void addFloat(final float value) {
        set(value);
    }

    @Override
    public void addDouble(final double value) {
        set(value);
    }
}
