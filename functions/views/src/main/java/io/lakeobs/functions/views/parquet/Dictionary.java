package io.lakeobs.functions.views.parquet;

import org.apache.parquet.column.statistics.Statistics;

/**
 * A column chunk's dictionary: the distinct values in order of first appearance, each value's id
 * its position. Its size in PLAIN bytes decides when the chunk falls back to plain values.
 */
sealed interface Dictionary permits BinaryDictionary, LongDictionary {
    int size();

    /** The dictionary page's size: every value PLAIN encoded. */
    long bytes();

    /** Appends value {@code id} PLAIN encoded (the dictionary page, or a page falling back to plain). */
    void writePlain(int id, ByteSink out);

    /** Adds value {@code id} to page statistics. */
    void updateStatistics(int id, Statistics<?> statistics);

    /** Forgets every value (a new column chunk). */
    void clear();
}
