package io.lakeobs.functions.views.parquet;

/**
 * Where the ETL's row writers hand each finished row: a Parquet {@link RowFile}, or a collector
 * that reads the row's values back (the trace export), so that every consumer of decoded rows
 * shares the one derivation of spans, async events and log entries from the blocks.
 */
@FunctionalInterface
public interface RowSink {
    void write(ParquetRow row);
}
