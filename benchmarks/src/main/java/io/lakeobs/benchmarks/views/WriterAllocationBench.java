package io.lakeobs.benchmarks.views;

import io.lakeobs.functions.views.parquet.Column;
import io.lakeobs.functions.views.parquet.CommittableOutputFile;
import io.lakeobs.functions.views.parquet.ParquetRow;
import io.lakeobs.functions.views.parquet.ParquetSettings;
import io.lakeobs.functions.views.parquet.RowFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the Parquet writer alone allocates per row: the same rows (values built once, so the row
 * allocates nothing) written by our column chunks and by parquet-java's record writer, at the
 * default settings, to an output that only counts bytes; the thread's allocated bytes
 * (ThreadMXBean) per row, for 1 M and 3 M rows (the difference shows what grows with the rows
 * rather than with the file's start). Usage: {@code WriterAllocationBench [rounds]}.
 */
public final class WriterAllocationBench {
    private static final Column.Declarations C = new Column.Declarations();
    private static final Column.Text PROCESS = C.text("process_id", Column.Trait.FILTERED);
    private static final Column.Text TARGET = C.text("target", Column.Trait.FILTERED);
    private static final Column.Text MESSAGE = C.text("msg", Column.Trait.UNIQUE);
    private static final Column.Int64 TIME = C.timestamp("time", Column.Trait.UNIQUE, Column.Trait.FILTERED);
    private static final Column.Int32 LEVEL = C.int32("level", Column.Trait.FILTERED);
    private static final Column.StringMap PROPERTIES = C.stringMap("properties");
    private static final List<Column> COLUMNS = C.close();

    private WriterAllocationBench() {
    }

    public static void main(final String[] args) throws Exception {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        final MessageType schema = new MessageType("t", COLUMNS.stream().map(Column::parquetType).toArray(Type[]::new));
        final Binary[] targets = new Binary[30];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = Binary.fromString("app.module" + i);
        }
        final Binary[] messages = new Binary[1000];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = Binary.fromString("message number " + i * 7919);
        }
        final Binary process = Binary.fromString("process-1");
        final Binary[] keys = {Binary.fromString("env")};
        final Binary[] values = {Binary.fromString("prod")};
        final int[] index = {0};
        final ParquetRow row = c -> {
            final int i = index[0];
            PROCESS.write(c, process);
            TARGET.write(c, targets[i % targets.length]);
            MESSAGE.write(c, messages[i % messages.length]);
            TIME.write(c, 1_700_000_000_000_000L + i);
            LEVEL.write(c, i % 5);
            PROPERTIES.write(c, keys, values, i % 2);
        };
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
            for (final ParquetSettings.Writer writer : ParquetSettings.Writer.values()) {
                for (final int rows : new int[] {1_000_000, 3_000_000}) {
                    final CountingFile out = new CountingFile();
                    final long before = threads.getCurrentThreadAllocatedBytes();
                    try (RowFile file = new RowFile(out, schema, COLUMNS, Map.of(), ParquetSettings.DEFAULT.withWriter(writer))) {
                        for (index[0] = 0; index[0] < rows; index[0]++) {
                            file.write(row);
                        }
                        file.finish();
                    }
                    final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                    System.out.printf(Locale.ROOT, "round %d %-12s %,d rows: allocated %.1f B/row, file %.2f B/row%n", round, writer, rows,
                        allocated / (double) rows, out.size() / (double) rows);
                }
            }
        }
    }

    /** Counts the bytes written, keeps none. */
    private static final class CountingFile implements CommittableOutputFile {
        private long size;

        @Override
        public PositionOutputStream create(final long blockSizeHint) {
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return size;
                }

                @Override
                public void write(final int b) {
                    size++;
                }

                @Override
                public void write(final byte[] b, final int off, final int len) {
                    size += len;
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(final long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        @Override
        public String getPath() {
            return "counting";
        }

        @Override
        public void commit() {
        }

        @Override
        public void abort() {
        }

        @Override
        public long size() {
            return size;
        }
    }
}
