package io.lakeobs.functions.views.parquet;

import org.apache.parquet.column.ParquetProperties.WriterVersion;
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
import java.util.List;
import java.util.Map;

/**
 * One Parquet file being written row by row, with no Hadoop class loaded, to a
 * {@link CommittableOutputFile} (in memory, or streamed to S3 as row groups fill). {@link #write}
 * hands the reusable row to the writer the settings name ({@link ParquetSettings.Writer}): our own
 * column chunks ({@link PageFileWriter}, the default) or parquet-java's record writer (with
 * {@link PlainParquetConfiguration} and {@link ZstdCodecFactory}; the benchmark's and the
 * equivalence test's peer). {@link #finish} commits the file when it has rows and discards it
 * otherwise, {@link #abort} discards it after a failure.
 */
public final class RowFile implements RowSink, AutoCloseable {
    private static final RecordConsumer DISCARD = new DiscardingConsumer();
    private final CommittableOutputFile output;
    private final RowWriter writer;
    private long rows;
    private boolean finished;

    /** @param columns the schema's top-level columns, in order (their traits choose dictionaries and statistics) */
    public RowFile(final CommittableOutputFile output, final MessageType schema, final List<Column> columns,
                   final Map<String, String> metadata, final ParquetSettings settings) {
        this.output = output;
        try {
            writer = settings.writer() == ParquetSettings.Writer.PAGES ? new PageFileWriter(output, schema, columns, metadata, settings)
                : parquetJava(output, schema, columns, metadata, settings);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RowWriter parquetJava(final CommittableOutputFile output, final MessageType schema, final List<Column> columns,
                                         final Map<String, String> metadata, final ParquetSettings settings) throws IOException {
        final Builder builder = new Builder(output, schema, metadata);
        for (final Column column : columns) {
            if (!column.dictionary()) {
                builder.withDictionaryEncoding(column.name(), false);
            }
        }
        final List<String> noStatistics = columns.stream().filter(c -> !c.statistics()).map(Column::name).toList();
        for (final org.apache.parquet.column.ColumnDescriptor leaf : schema.getColumns()) {
            if (!settings.statistics() || noStatistics.contains(leaf.getPath()[0])) {
                builder.withStatisticsEnabled(String.join(".", leaf.getPath()), false);
            }
        }
        final ParquetWriter<ParquetRow> writer = builder
            .withConf(new PlainParquetConfiguration())
            .withCodecFactory(new ZstdCodecFactory(settings.zstdLevel()))
            .withCompressionCodec(settings.codec())
            .withRowGroupSize(settings.rowGroupBytes())
            .withPageSize(settings.pageBytes())
            .withDictionaryPageSize(settings.dictionaryPageBytes())
            .withDictionaryEncoding(settings.dictionary())
            .withPageWriteChecksumEnabled(settings.pageChecksums())
            .withWriterVersion(settings.v2Pages() ? WriterVersion.PARQUET_2_0 : WriterVersion.PARQUET_1_0)
            .withSizeStatisticsEnabled(false)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build();
        return new RowWriter() {
            @Override
            public void write(final ParquetRow row) throws IOException {
                writer.write(row);
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }

            @Override
            public void abort() {
            }
        };
    }

    private RowFile() {
        output = null;
        writer = null;
    }

    /**
     * A complete Parquet file of the schema with no rows (the ETL never stores one: an empty view
     * has no file). For readers that need a view's columns where it has no rows, such as a local
     * SQL table over a view nothing was recorded into.
     */
    public static byte[] emptyFile(final MessageType schema, final List<Column> columns) {
        final ByteArrayOutputFile output = new ByteArrayOutputFile(4096);
        try {
            new PageFileWriter(output, schema, columns, Map.of(), ParquetSettings.DEFAULT).close();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return output.toByteArray();
    }

    /**
     * A file that drops its rows after they are written to a no-op consumer: measures the
     * decode-to-row path without Parquet's column writers (benchmarks).
     */
    public static RowFile discarding() {
        return new RowFile();
    }

    @Override
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

    /** Where the file is written (null for a discarding file). */
    public CommittableOutputFile output() {
        return output;
    }

    public long rows() {
        return rows;
    }

    /** Finishes the file (footer included) and commits it if it has rows, else discards it; returns its size. */
    public long finish() {
        if (writer == null || finished) {
            return writer == null ? 0 : output.size();
        }
        finished = true;
        try {
            writer.close();
        } catch (final IOException | RuntimeException e) {
            output.abort();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        if (rows > 0) {
            output.commit();
        } else {
            output.abort();
        }
        return output.size();
    }

    /** Discards the file after a failure: nothing becomes visible (a streamed upload is aborted). */
    public void abort() {
        if (writer == null || finished) {
            return;
        }
        finished = true;
        try {
            writer.abort();
        } finally {
            output.abort();
        }
    }

    @Override
    public void close() {
        abort();
    }

    /** Writes rows into a file's row groups; {@link #close} writes the footer, {@link #abort} frees what it holds. */
    interface RowWriter {
        void write(ParquetRow row) throws IOException;

        void close() throws IOException;

        void abort();
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
