package io.lakeobs.functions.views.parquet;

import org.apache.parquet.io.api.RecordConsumer;

/** A reusable row: writes its current values as one record, allocating nothing but Binary values. */
public interface ParquetRow {
    void writeTo(RecordConsumer consumer);
}
