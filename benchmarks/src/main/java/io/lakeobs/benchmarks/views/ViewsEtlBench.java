package io.lakeobs.benchmarks.views;

import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.etl.BlockMeta;
import io.lakeobs.functions.views.etl.EtlOutput;
import io.lakeobs.functions.views.etl.ProcessMeta;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.StreamMeta;
import io.lakeobs.functions.views.etl.ViewEtl;
import io.lakeobs.functions.views.parquet.ParquetSettings;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import io.lakeobs.transit.block.BlockEncoder;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockSpan;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.DependencyEncoder;
import io.lakeobs.transit.telemetry.EventEncoder;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.MeasureEvent;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetrySummarizer;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import io.lakeobs.transit.telemetry.TelemetryVisitor;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Views ETL, CPU time per row: our ETL (transit blocks in, Parquet out, one thread) against DuckDB
 * converting the same rows to Parquet, from NDJSON and from an in-memory table, with
 * {@code SET threads=1}, ZSTD and one row group per file on both sides. CPU is the whole
 * process's (OperatingSystemMXBean), so JIT and GC count for us and DuckDB's own threads for it;
 * our thread's CPU and allocation (ThreadMXBean) are reported too. Best of {@code rounds} runs
 * after a warm-up run. Usage: {@code ViewsEtlBench [events per view] [rounds] [work dir]}.
 */
public final class ViewsEtlBench {
    private static final long START_TIME = BenchBlocks.START_TIME;
    private static final long START_TICKS = BenchBlocks.START_TICKS;
    private static final int EVENTS_PER_BLOCK = BenchBlocks.EVENTS_PER_BLOCK;
    /** Writer settings tried against the default (one row group per file, as the default run, unless named). */
    private static final Map<String, ParquetSettings> VARIANTS = variants();

    private static Map<String, ParquetSettings> variants() {
        final long one = 1L << 30;
        final CompressionCodecName zstd = CompressionCodecName.ZSTD;
        final Map<String, ParquetSettings> variants = new java.util.LinkedHashMap<>();
        variants.put("parquet-java's record writer", new ParquetSettings(zstd, 3, one, 1 << 20, 1 << 20)
            .withWriter(ParquetSettings.Writer.PARQUET_JAVA));
        variants.put("ZSTD level 1", new ParquetSettings(zstd, 1, one, 1 << 20, 1 << 20));
        variants.put("pages 8 MiB", new ParquetSettings(zstd, 3, one, 8 << 20, 1 << 20));
        variants.put("uncompressed", new ParquetSettings(CompressionCodecName.UNCOMPRESSED, 3, one, 1 << 20, 1 << 20));
        variants.put("no page checksums", new ParquetSettings(zstd, 3, one, 1 << 20, 1 << 20, false, false, true, true));
        variants.put("V2 pages", new ParquetSettings(zstd, 3, one, 1 << 20, 1 << 20, true, true, true, true));
        variants.put("no dictionary", new ParquetSettings(zstd, 3, one, 1 << 20, 1 << 20, true, false, false, true));
        variants.put("no statistics", new ParquetSettings(zstd, 3, one, 1 << 20, 1 << 20, true, false, true, false));
        variants.put("default row groups (8 MiB)", ParquetSettings.DEFAULT);
        return variants;
    }

    public static void main(final String[] args) throws Exception {
        final int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final Path work = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "benchmarks/target/views-bench"));
        System.setProperty("java.io.tmpdir", work.toString());
        final UUID process = new UUID(1, 1);
        final ProcessMeta meta = BenchBlocks.process(process);
        final Map<UUID, byte[]> store = new HashMap<>();
        final List<SourceBlock> logs = blocks(meta, new UUID(2, 1), events, true, store);
        final List<SourceBlock> measures = blocks(meta, new UUID(2, 2), events, false, store);
        System.out.printf(Locale.ROOT, "views ETL benchmark: %,d events per view, blocks of %,d events, %d rounds, JDK %s%n",
            events, EVENTS_PER_BLOCK, rounds, System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "transit blocks: logs %.1f B/event, metrics %.1f B/event (LZ4)%n",
            bytes(logs, store) / (double) events, bytes(measures, store) / (double) events);

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement s = duck.createStatement()) {
                s.execute("SET autoinstall_known_extensions=false");
                s.execute("SET autoload_known_extensions=false");
                s.execute("SET threads=1");
                s.execute("SET TimeZone='UTC'");
            }
            compare("log_entries", View.LOG_ENTRIES, logs, store, duck, work, rounds, events);
            compare("measures", View.MEASURES, measures, store, duck, work, rounds, events);
        }
        final List<SourceBlock> spans = spanBlocks(meta, new UUID(2, 3), events, store);
        final EtlOutput out = new ViewEtl(ParquetSettings.DEFAULT).run(spans, EnumSet.of(View.THREAD_SPANS, View.ASYNC_EVENTS),
            b -> store.get(b.blockId()));
        System.out.printf(Locale.ROOT, "%nspans: %,d thread span rows %.2f B/row, %,d async event rows %.2f B/row"
                + " (transit: %.1f B/event)%n",
            out.view(View.THREAD_SPANS).rows(), out.view(View.THREAD_SPANS).size() / (double) out.view(View.THREAD_SPANS).rows(),
            out.view(View.ASYNC_EVENTS).rows(), out.view(View.ASYNC_EVENTS).size() / (double) out.view(View.ASYNC_EVENTS).rows(),
            bytes(spans, store) / (double) events);
    }

    private static void compare(final String name, final View view, final List<SourceBlock> blocks, final Map<UUID, byte[]> store,
                                final Connection duck, final Path work, final int rounds, final int events) throws Exception {
        final Path ndjson = work.resolve(name + ".ndjson");
        writeNdjson(view, blocks, store, ndjson);
        final String read = "read_ndjson('" + ndjson + "', columns = " + columns(view) + ")";
        final String select = select(view);
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE " + name + "_raw AS SELECT * FROM " + read);
            s.execute("CREATE OR REPLACE TABLE " + name + "_mem AS " + select.replace("FROM src", "FROM " + name + "_raw"));
        }
        final String options = "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 10000000)";
        final ViewEtl etl = new ViewEtl(ParquetSettings.DEFAULT.withRowGroupBytes(1L << 30));
        Result ours = null;
        Result fromJson = null;
        Result fromTable = null;
        for (int round = 0; round <= rounds; round++) {
            final Result o = measure(() -> {
                final EtlOutput out = etl.run(blocks, EnumSet.of(view), b -> store.get(b.blockId()));
                Files.write(work.resolve(name + "-ours.parquet"), out.view(view).bytes());
                return out.view(view).rows();
            });
            final Result j = measure(() -> copy(duck, select.replace("FROM src", "FROM " + read),
                work.resolve(name + "-duck-ndjson.parquet"), options));
            final Result t = measure(() -> copy(duck, "SELECT * FROM " + name + "_mem", work.resolve(name + "-duck-table.parquet"),
                options));
            if (round > 0) { // round 0 warms up
                ours = Result.best(ours, o);
                fromJson = Result.best(fromJson, j);
                fromTable = Result.best(fromTable, t);
            }
        }
        // our writer's settings, measured beside the default in the same JVM (best of the same rounds)
        for (final Map.Entry<String, ParquetSettings> variant : VARIANTS.entrySet()) {
            final ViewEtl other = new ViewEtl(variant.getValue());
            Result best = null;
            for (int round = 0; round <= rounds; round++) {
                final Result o = measure(() -> {
                    final EtlOutput out = other.run(blocks, EnumSet.of(view), b -> store.get(b.blockId()));
                    Files.write(work.resolve(name + "-variant.parquet"), out.view(view).bytes());
                    return out.view(view).rows();
                });
                best = round > 0 ? Result.best(best, o) : best;
            }
            print("ours, " + variant.getKey(), best, events, work.resolve(name + "-variant.parquet"));
            try (Statement s = duck.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet('"
                + work.resolve(name + "-variant.parquet") + "')")) {
                r.next();
                System.out.printf(Locale.ROOT, "    DuckDB reads %,d rows, %.2fx vs in-memory table peer%n", r.getLong(1),
                    fromTable.processCpu / (double) best.processCpu);
            }
        }
        final TelemetryReader reader = new TelemetryReader();
        final TelemetryVisitor nothing = new TelemetryVisitor() { };
        final ViewEtl rowsOnly = ViewEtl.withoutParquet();
        Result decode = null;
        Result decodeRows = null;
        for (int round = 0; round <= rounds; round++) {
            final Result d = measure(() -> {
                for (final SourceBlock b : blocks) {
                    final byte[] bytes = store.get(b.block().blockId());
                    reader.read(bytes, 0, bytes.length, b.stream().declarations(), nothing);
                }
                return events;
            });
            final Result r = measure(() -> rowsOnly.run(blocks, EnumSet.of(view), b -> store.get(b.blockId()))
                .view(view).rows());
            if (round > 0) {
                decode = Result.best(decode, d);
                decodeRows = Result.best(decodeRows, r);
            }
        }
        System.out.printf(Locale.ROOT, "%n%s (%,d rows)%n", name, ours.rows);
        System.out.printf(Locale.ROOT, "  breakdown (thread): decode %.0f ns/row %.1f B/row; + rows to a no-op consumer %.0f ns/row"
                + " %.1f B/row; + Parquet column writers, pages, ZSTD %.0f ns/row %.1f B/row%n",
            decode.threadCpu / (double) events, decode.allocated / (double) events,
            decodeRows.threadCpu / (double) events, decodeRows.allocated / (double) events,
            ours.threadCpu / (double) events, ours.allocated / (double) events);
        print("ours: blocks -> Parquet", ours, events, work.resolve(name + "-ours.parquet"));
        print("DuckDB: NDJSON -> Parquet", fromJson, events, work.resolve(name + "-duck-ndjson.parquet"), false);
        print("DuckDB: table -> Parquet", fromTable, events, work.resolve(name + "-duck-table.parquet"), false);
        System.out.printf(Locale.ROOT, "  speed-up (process CPU): %.2fx vs NDJSON peer, %.2fx vs in-memory table peer%n",
            fromJson.processCpu / (double) ours.processCpu, fromTable.processCpu / (double) ours.processCpu);
        try (Statement s = duck.createStatement(); ResultSet r = s.executeQuery("SELECT count(*), "
            + "(SELECT count(DISTINCT row_group_id) FROM parquet_metadata('" + work.resolve(name + "-ours.parquet") + "')) "
            + "FROM read_parquet('" + work.resolve(name + "-ours.parquet") + "')")) {
            r.next();
            System.out.printf(Locale.ROOT, "  check: DuckDB reads %,d rows from our file, %d row group(s)%n", r.getLong(1), r.getInt(2));
        }
    }

    private static void print(final String label, final Result r, final int events, final Path file) throws Exception {
        print(label, r, events, file, true);
    }

    private static void print(final String label, final Result r, final int events, final Path file, final boolean jvm)
        throws Exception {
        final long size = Files.size(file);
        System.out.printf(Locale.ROOT, "  %-28s process CPU %7.1f ms (%6.0f ns/row), wall %7.1f ms, file %6.2f B/row%s%n", label,
            r.processCpu / 1e6, r.processCpu / (double) events, r.wall / 1e6, size / (double) events,
            !jvm ? "" : String.format(Locale.ROOT, ", thread CPU %.0f ns/row, allocated %.1f B/row",
                r.threadCpu / (double) events, r.allocated / (double) events));
    }

    private static long copy(final Connection duck, final String query, final Path out, final String options) throws Exception {
        try (Statement s = duck.createStatement()) {
            s.execute("COPY (" + query + ") TO '" + out + "' " + options);
            return s.getUpdateCount();
        }
    }

    @FunctionalInterface
    private interface Work {
        long run() throws Exception;
    }

    private record Result(long rows, long processCpu, long threadCpu, long allocated, long wall) {
        static Result best(final Result a, final Result b) {
            return a == null || b.processCpu < a.processCpu ? b : a;
        }
    }

    private static Result measure(final Work work) throws Exception {
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        System.gc();
        final long wall0 = System.nanoTime();
        final long cpu0 = os.getProcessCpuTime();
        final long thread0 = threads.getCurrentThreadCpuTime();
        final long alloc0 = threads.getThreadAllocatedBytes(thread);
        final long rows = work.run();
        final long alloc = threads.getThreadAllocatedBytes(thread) - alloc0;
        final long threadCpu = threads.getCurrentThreadCpuTime() - thread0;
        final long cpu = os.getProcessCpuTime() - cpu0;
        return new Result(rows, cpu, threadCpu, alloc, System.nanoTime() - wall0);
    }

    /** Blocks of one stream ({@link BenchBlocks}), kept in {@code store}. */
    private static List<SourceBlock> blocks(final ProcessMeta process, final UUID stream, final int events, final boolean logs,
                                            final Map<UUID, byte[]> store) {
        final BenchBlocks generator = new BenchBlocks(process, stream, logs);
        final List<SourceBlock> blocks = new ArrayList<>();
        for (int index = 0; index * (long) EVENTS_PER_BLOCK < events; index++) {
            final byte[] bytes = generator.encode(index);
            final SourceBlock source = generator.source(bytes);
            store.put(source.block().blockId(), bytes);
            blocks.add(source);
        }
        return blocks;
    }

    /** Nested thread spans (depth up to 4, four span kinds) and async begin/end pairs, half and half. */
    private static List<SourceBlock> spanBlocks(final ProcessMeta process, final UUID stream, final int events,
                                                final Map<UUID, byte[]> store) {
        final Map<Integer, byte[]> deps = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            deps.put(20 + i, DependencyEncoder.spanDescriptor(20 + i, 100 + i, "span" + i, "app.work.Stage" + i, "Stage.java"));
        }
        final StreamMeta meta = new StreamMeta(stream, process.processId(), TelemetryTypes.declarations(), List.of("spans"),
            Map.of("thread-name", "worker", "thread-id", "2"));
        final BlockEncoder encoder = new BlockEncoder(Compression.LZ4, new TelemetrySummarizer());
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 20);
        final List<SourceBlock> blocks = new ArrayList<>();
        long ticks = START_TICKS;
        long asyncId = 1;
        for (int first = 0; first < events; first += EVENTS_PER_BLOCK) {
            final long beginTicks = ticks;
            int at = 0;
            int written = 0;
            while (written < EVENTS_PER_BLOCK - 12) { // a whole tree per iteration: 8 thread events + 4 async
                buffer.checkLimit(at + 512);
                for (int d = 0; d < 4; d++) {
                    at = EventEncoder.spanBegin(buffer, at, 20 + d, ticks += 300);
                }
                for (int d = 3; d >= 0; d--) {
                    at = EventEncoder.spanEnd(buffer, at, 20 + d, ticks += 700 + d * 50);
                }
                at = EventEncoder.asyncBegin(buffer, at, 20, asyncId, 0, 0, ticks += 10);
                at = EventEncoder.asyncBegin(buffer, at, 21, asyncId + 1, asyncId, 1, ticks += 10);
                at = EventEncoder.asyncEnd(buffer, at, 21, asyncId + 1, asyncId, 1, ticks += 900);
                at = EventEncoder.asyncEnd(buffer, at, 20, asyncId, 0, 0, ticks += 10);
                asyncId += 2;
                written += 12;
            }
            final BlockSpan span = new BlockSpan(process.processId(), stream, new UUID(4, blocks.size()),
                START_TIME + (beginTicks - START_TICKS), START_TIME + (ticks + 1 - START_TICKS), beginTicks - START_TICKS,
                ticks + 1 - START_TICKS, first);
            final byte[] bytes = encoder.encode(span, TelemetryTypes.declarations(), buffer, 0, at, (id, out, index) -> {
                final byte[] b = deps.get(id);
                out.putBytes(index, b);
                return b.length;
            });
            final BlockHeader h = BlockHeader.decode(new UnsafeBuffer(bytes), 0, bytes.length);
            store.put(h.blockId(), bytes);
            blocks.add(new SourceBlock(new BlockMeta(h.blockId(), stream, process.processId(), 1_763_700_100_000L,
                h.beginTimeNanos(), h.endTimeNanos(), h.beginTicks(), h.endTicks(), h.objectOffset(), h.objectCount(),
                bytes.length, "blocks/" + h.blockId(), 0, 0, h.summary().spanCount()), meta, process));
        }
        return blocks;
    }

    private static long bytes(final List<SourceBlock> blocks, final Map<UUID, byte[]> store) {
        return blocks.stream().mapToLong(b -> store.get(b.block().blockId()).length).sum();
    }

    /** The same rows as NDJSON (times as epoch microseconds), decoded from the blocks before any timing. */
    private static void writeNdjson(final View view, final List<SourceBlock> blocks, final Map<UUID, byte[]> store,
                                    final Path file) throws Exception {
        final TelemetryReader reader = new TelemetryReader();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (final SourceBlock block : blocks) {
                final ProcessMeta p = block.process();
                final String common = "{\"process_id\":\"" + p.processId() + "\",\"stream_id\":\"" + block.block().streamId()
                    + "\",\"block_id\":\"" + block.block().blockId() + "\",\"insert_time\":" + block.block().insertTimeMillis() * 1000
                    + ",\"exe\":\"" + p.exe() + "\",\"username\":\"" + p.username() + "\",\"computer\":\"" + p.computer() + "\"";
                final String processProperties = ",\"process_properties\":{\"env\":\"bench\",\"region\":\"eu-west-1\"}}\n";
                final byte[] bytes = store.get(block.block().blockId());
                reader.read(bytes, 0, bytes.length, block.stream().declarations(), new TelemetryVisitor() {
                    @Override
                    public void onLog(final LogEvent log) {
                        final long ns = START_TIME + (log.ticks() - START_TICKS);
                        write(common + ",\"time\":" + ns / 1000 + ",\"time_ns\":" + ns + ",\"target\":\"" + log.target()
                            + "\",\"level\":" + log.level() + ",\"msg\":\"" + log.message().replace("\"", "\\\"")
                            + "\",\"properties\":{}" + processProperties);
                    }

                    @Override
                    public void onMeasure(final MeasureEvent m) {
                        final long ns = START_TIME + (m.ticks() - START_TICKS);
                        final StringBuilder props = new StringBuilder("{");
                        new TreeMap<>(m.properties()).forEach((k, v) -> props.append(props.length() > 1 ? "," : "")
                            .append('"').append(k).append("\":\"").append(v).append('"'));
                        write(common + ",\"time\":" + ns / 1000 + ",\"time_ns\":" + ns + ",\"target\":\"" + m.target()
                            + "\",\"name\":\"" + m.name() + "\",\"unit\":\"" + m.unit() + "\",\"value\":" + m.value()
                            + ",\"properties\":" + props + "}" + processProperties);
                    }

                    private void write(final String line) {
                        try {
                            out.write(line);
                        } catch (final java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
            }
        }
    }

    private static String columns(final View view) {
        final String common = "process_id: 'VARCHAR', stream_id: 'VARCHAR', block_id: 'VARCHAR', insert_time: 'BIGINT', "
            + "exe: 'VARCHAR', username: 'VARCHAR', computer: 'VARCHAR', time: 'BIGINT', time_ns: 'BIGINT', target: 'VARCHAR', ";
        final String maps = "properties: 'MAP(VARCHAR, VARCHAR)', process_properties: 'MAP(VARCHAR, VARCHAR)'";
        return "{" + common + (view == View.LOG_ENTRIES ? "level: 'INTEGER', msg: 'VARCHAR', "
            : "name: 'VARCHAR', unit: 'VARCHAR', value: 'DOUBLE', ") + maps + "}";
    }

    /**
     * The view's columns (schema version 2), in the same order and types as our files (times as
     * TIMESTAMPTZ): the stream's thread columns, and for logs the three exception columns (NULL in
     * this data), as our files carry them.
     */
    private static String select(final View view) {
        final String head = "SELECT process_id, stream_id, block_id, make_timestamp(insert_time)::TIMESTAMPTZ AS insert_time, "
            + "exe, username, computer, 'main' AS thread_name, 1::BIGINT AS thread_id, "
            + "make_timestamp(time)::TIMESTAMPTZ AS time, time_ns, target, ";
        return head + (view == View.LOG_ENTRIES ? "level, msg, NULL::VARCHAR AS exception_class, "
            + "NULL::VARCHAR AS exception_message, NULL::VARCHAR AS exception_stack, " : "name, unit, value, ")
            + "properties, process_properties FROM src";
    }

    private ViewsEtlBench() {
    }
}
