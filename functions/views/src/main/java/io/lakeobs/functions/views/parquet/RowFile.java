package io.lakeobs.functions.views.parquet;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One Parquet file being written in memory, row by row, with no Hadoop class loaded:
 * {@link PlainParquetConfiguration}, an in-memory {@link OutputFile} and {@link ZstdCodecFactory}.
 * {@link #write} hands the reusable row to Parquet, which asks it to write its current values.
 */
public final class RowFile implements AutoCloseable {
    private static final RecordConsumer DISCARD = new DiscardingConsumer();
    private final ByteArrayOutputFile output;
    private final ParquetWriter<ParquetRow> writer;
    private long rows;
    private byte[] bytes;

    /**
     * @param plainColumns top-level columns written without dictionary encoding (values unique per row)
     * @param noStatistics top-level columns (and their nested leaves) written without min/max statistics
     */
    public RowFile(final MessageType schema, final Map<String, String> metadata, final ParquetSettings settings,
                   final java.util.List<String> plainColumns, final java.util.List<String> noStatistics) {
        output = new ByteArrayOutputFile(1 << 20);
        try {
            final Builder builder = new Builder(output, schema, metadata);
            for (final String column : plainColumns) {
                builder.withDictionaryEncoding(column, false);
            }
            for (final org.apache.parquet.column.ColumnDescriptor leaf : schema.getColumns()) {
                if (noStatistics.contains(leaf.getPath()[0])) {
                    builder.withStatisticsEnabled(String.join(".", leaf.getPath()), false);
                }
            }
            writer = builder
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ZstdCodecFactory(settings.zstdLevel()))
                .withCompressionCodec(settings.codec())
                .withRowGroupSize(settings.rowGroupBytes())
                .withPageSize(settings.pageBytes())
                .withDictionaryPageSize(settings.dictionaryPageBytes())
                .withDictionaryEncoding(true)
                .withSizeStatisticsEnabled(false)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RowFile() {
        output = null;
        writer = null;
    }

    /**
     * A file that drops its rows after they are written to a no-op consumer: measures the
     * decode-to-row path without Parquet's column writers (benchmarks).
     */
    public static RowFile discarding() {
        return new RowFile();
    }

    public void write(final ParquetRow row) {
        if (writer == null) {
            row.writeTo(DISCARD);
            rows++;
            return;
        }
        try {
            writer.write(row);
            rows++;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long rows() {
        return rows;
    }

    /** Finishes the file (footer included) and returns its bytes. */
    public byte[] finish() {
        if (writer == null) {
            return new byte[0];
        }
        if (bytes == null) {
            close();
            bytes = output.toByteArray();
        }
        return bytes;
    }

    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Builder extends ParquetWriter.Builder<ParquetRow, Builder> {
        private final MessageType schema;
        private final Map<String, String> metadata;

        Builder(final OutputFile file, final MessageType schema, final Map<String, String> metadata) {
            super(file);
            this.schema = schema;
            this.metadata = metadata;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ParquetRow> getWriteSupport(final org.apache.hadoop.conf.Configuration conf) {
            throw new UnsupportedOperationException("views write without Hadoop");
        }

        @Override
        protected WriteSupport<ParquetRow> getWriteSupport(final ParquetConfiguration conf) {
            return new RowWriteSupport(schema, metadata);
        }
    }

    private static final class RowWriteSupport extends WriteSupport<ParquetRow> {
        private final MessageType schema;
        private final Map<String, String> metadata;
        private RecordConsumer consumer;

        RowWriteSupport(final MessageType schema, final Map<String, String> metadata) {
            this.schema = schema;
            this.metadata = metadata;
        }

        @Override
        public WriteContext init(final org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(schema, metadata);
        }

        @Override
        public WriteContext init(final ParquetConfiguration configuration) {
            return new WriteContext(schema, metadata);
        }

        @Override
        public void prepareForWrite(final RecordConsumer recordConsumer) {
            consumer = recordConsumer;
        }

        @Override
        public void write(final ParquetRow row) {
            consumer.startMessage();
            row.writeTo(consumer);
            consumer.endMessage();
        }
    }

    private static final class DiscardingConsumer extends RecordConsumer {
        @Override public void startMessage() { }
        @Override public void endMessage() { }
        @Override public void startField(final String field, final int index) { }
        @Override public void endField(final String field, final int index) { }
        @Override public void startGroup() { }
        @Override public void endGroup() { }
        @Override public void addInteger(final int value) { }
        @Override public void addLong(final long value) { }
        @Override public void addBoolean(final boolean value) { }
        @Override public void addBinary(final org.apache.parquet.io.api.Binary value) { }
        @Override public void addFloat(final float value) { }
        @Override public void addDouble(final double value) { }
    }
}
