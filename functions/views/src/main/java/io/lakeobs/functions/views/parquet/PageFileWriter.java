package io.lakeobs.functions.views.parquet;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a view file with our own column chunks: rows are shredded ({@link Shredder}) into one
 * {@link LeafWriter} per leaf column, which encodes and compresses its pages; parquet-java's
 * {@link ParquetFileWriter} only frames them (page headers and checksums, column and offset
 * indexes, footer). Replaces parquet-java's record writer, whose per-value path (record
 * assembly, dictionary hashing, level bookkeeping) took most of a row's time (BENCHMARKS.md,
 * "Where the writer's time goes"). A row group is written out when its buffered bytes reach the
 * row group size, so memory stays bounded by it.
 */
final class PageFileWriter implements RowFile.RowWriter {
    private static final int CHECK_EVERY_ROWS = 8;
    private final ParquetFileWriter file;
    private final ParquetSettings settings;
    private final Map<String, String> metadata;
    private final PageCompressor compressor;
    private final LeafWriter[] leaves;
    private final Shredder shredder;
    private long groupRows;

    PageFileWriter(final CommittableOutputFile output, final MessageType schema, final List<Column> columns,
                   final Map<String, String> metadata, final ParquetSettings settings) throws IOException {
        final List<String> names = schema.getFields().stream().map(Type::getName).toList();
        if (!names.equals(columns.stream().map(Column::name).toList())) {
            throw new IllegalArgumentException("columns " + columns + " are not the schema's fields " + names);
        }
        this.settings = settings;
        this.metadata = metadata;
        this.compressor = new PageCompressor(settings.codec(), settings.zstdLevel());
        final ByteSink scratch = new ByteSink(64 << 10);
        final ByteSink compressed = new ByteSink(64 << 10);
        final Column[] declared = columns.toArray(Column[]::new);
        final LeafWriter[][] byColumn = new LeafWriter[declared.length][];
        final List<LeafWriter> all = new ArrayList<>();
        for (int c = 0; c < declared.length; c++) {
            final Column column = declared[c];
            final List<LeafWriter> own = new ArrayList<>();
            for (final ColumnDescriptor leaf : schema.getColumns()) {
                if (leaf.getPath()[0].equals(column.name())) {
                    own.add(new LeafWriter(leaf, column.dictionary(), column.statistics(), settings, compressor, scratch, compressed));
                }
            }
            byColumn[c] = own.toArray(LeafWriter[]::new);
            all.addAll(own);
        }
        leaves = all.toArray(LeafWriter[]::new);
        shredder = new Shredder(declared, byColumn);
        final ParquetProperties properties = ParquetProperties.builder()
            .withPageWriteChecksumEnabled(settings.pageChecksums())
            .build();
        try {
            file = new ParquetFileWriter(output, schema, ParquetFileWriter.Mode.OVERWRITE, settings.rowGroupBytes(), 0, null, properties);
            file.start();
        } catch (final IOException | RuntimeException e) {
            compressor.close();
            throw e;
        }
    }

    @Override
    public void write(final ParquetRow row) throws IOException {
        shredder.startMessage();
        row.writeTo(shredder);
        shredder.endMessage();
        if (++groupRows % CHECK_EVERY_ROWS == 0 && bufferedBytes() >= settings.rowGroupBytes()) {
            writeRowGroup();
        }
    }

    private long bufferedBytes() {
        long bytes = 0;
        for (final LeafWriter leaf : leaves) {
            bytes += leaf.bufferedBytes();
        }
        return bytes;
    }

    private void writeRowGroup() throws IOException {
        file.startBlock(groupRows);
        for (final LeafWriter leaf : leaves) {
            leaf.writeTo(file, settings.codec());
        }
        file.endBlock();
        groupRows = 0;
    }

    @Override
    public void close() throws IOException {
        try {
            if (groupRows > 0) {
                writeRowGroup();
            }
            file.end(metadata);
        } finally {
            compressor.close();
        }
    }

    @Override
    public void abort() {
        compressor.close();
    }
}
