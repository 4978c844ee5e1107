package io.lakeobs.functions.views.parquet;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.Arrays;

/**
 * Shreds a row into its leaf columns as the row writers write it, knowing the views' only shapes
 * (parquet-java's MessageColumnIO works this out for any schema, value by value): a top-level
 * primitive, or a one-level map or list whose entries are groups of primitive fields. A value's
 * repetition level is 0 for the first entry of a row's map or list and 1 after; its definition
 * level is its leaf's maximum; an empty map or list is one null (levels 0) per leaf, a nullable
 * column left out one null, a map value left out of its entry a null at the entry's level.
 */
final class Shredder extends RecordConsumer {
    private final Column[] columns;
    private final LeafWriter[][] leaves;
    private final LeafWriter[] all;
    private final long[] writtenRow;
    private long row;
    private int depth;
    private int column;
    private LeafWriter leaf;
    private int leafIndex;
    private int entries;
    private long entryWritten;

    /** @param leaves each top-level column's leaves, in schema order */
    Shredder(final Column[] columns, final LeafWriter[][] leaves) {
        this.columns = columns;
        this.leaves = leaves;
        this.all = Arrays.stream(leaves).flatMap(Arrays::stream).toArray(LeafWriter[]::new);
        this.writtenRow = new long[columns.length];
        Arrays.fill(writtenRow, -1);
    }

    @Override
    public void startMessage() {
        depth = 0;
    }

    @Override
    public void endMessage() {
        for (int c = 0; c < columns.length; c++) {
            if (writtenRow[c] != row) {
                if (!columns[c].nullable()) {
                    throw new IllegalStateException("row left out required column " + columns[c].name());
                }
                leaves[c][0].addNull(0, 0);
            }
        }
        for (final LeafWriter l : all) {
            l.endRow();
        }
        row++;
    }

    @Override
    public void startField(final String name, final int index) {
        if (depth == 0) {
            column = index;
            leaf = leaves[index][0];
            entries = 0;
            writtenRow[index] = row;
        } else if (depth == 2) {
            leafIndex = index;
            leaf = leaves[column][index];
        }
    }

    @Override
    public void endField(final String name, final int index) {
    }

    @Override
    public void startGroup() {
        if (++depth == 2) {
            entries++;
            entryWritten = 0;
        }
    }

    @Override
    public void endGroup() {
        final LeafWriter[] columnLeaves = leaves[column];
        if (depth == 2) {
            for (int i = 0; i < columnLeaves.length; i++) {
                if ((entryWritten & (1L << i)) == 0) {
                    if (!columnLeaves[i].optional()) {
                        throw new IllegalStateException("map or list entry left out required field " + columnLeaves[i].path());
                    }
                    columnLeaves[i].addNull(entries == 1 ? 0 : 1, columnLeaves[i].maxDefinition() - 1);
                }
            }
        } else if (depth == 1 && entries == 0) {
            for (final LeafWriter l : columnLeaves) {
                l.addNull(0, 0);
            }
        }
        depth--;
    }

    private int repetition() {
        if (depth == 0) {
            return 0;
        }
        entryWritten |= 1L << leafIndex;
        return entries == 1 ? 0 : 1;
    }

    @Override
    public void addBinary(final Binary value) {
        leaf.addBinary(value, repetition(), leaf.maxDefinition());
    }

    @Override
    public void addLong(final long value) {
        leaf.addLong(value, repetition(), leaf.maxDefinition());
    }

    @Override
    public void addInteger(final int value) {
        leaf.addInt(value, repetition(), leaf.maxDefinition());
    }

    @Override
    public void addDouble(final double value) {
        leaf.addDouble(value, repetition(), leaf.maxDefinition());
    }

    @Override
    public void addBoolean(final boolean value) {
        throw new UnsupportedOperationException("views have no BOOLEAN column");
    }

    @Override
    public void addFloat(final float value) {
        throw new UnsupportedOperationException("views have no FLOAT column");
    }
}
