package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.DuckDb;
import io.lakeobs.functions.views.TestBlocks;
import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.parquet.ParquetSettings;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static io.lakeobs.functions.views.TestBlocks.START_TICKS;
import static io.lakeobs.functions.views.TestBlocks.nanos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ViewEtlTest {
    private static final long INSERT = 1_763_700_100_000L;
    private final UUID processId = new UUID(1, 1);
    private final UUID logStream = new UUID(2, 1);
    private final UUID metricStream = new UUID(2, 2);
    private final Map<UUID, byte[]> store = new HashMap<>();
    private final BlockFetcher fetcher = block -> {
        final byte[] bytes = store.get(block.blockId());
        if (bytes == null) {
            throw new BlockUnavailableException("NoSuchKey " + block.objectKey());
        }
        return bytes;
    };
    @TempDir
    Path directory;
    private DuckDb duck;

    @BeforeEach
    void open() throws Exception {
        duck = new DuckDb();
    }

    @AfterEach
    void close() throws Exception {
        duck.close();
    }

    private SourceBlock add(final TestBlocks.Encoded encoded, final ProcessMeta process, final StreamMeta stream) {
        store.put(encoded.meta().blockId(), encoded.bytes());
        return encoded.source(process, stream);
    }

    private String write(final EtlOutput output, final View view) throws Exception {
        return DuckDb.file(directory, view.tableName() + ".parquet", output.view(view).bytes());
    }

    private static String micros(final long nanos) {
        return Instant.ofEpochSecond(0, nanos - Math.floorMod(nanos, 1000)).toString();
    }

    /** The views' settings, and each writer option the benchmark measures: every file must read back the same. */
    static List<ParquetSettings> writers() {
        final ParquetSettings d = ParquetSettings.DEFAULT;
        return List.of(d,
            new ParquetSettings(d.codec(), d.zstdLevel(), d.rowGroupBytes(), d.pageBytes(), d.dictionaryPageBytes(), false, false, true, true),
            new ParquetSettings(d.codec(), d.zstdLevel(), d.rowGroupBytes(), d.pageBytes(), d.dictionaryPageBytes(), true, true, true, true),
            new ParquetSettings(d.codec(), d.zstdLevel(), d.rowGroupBytes(), d.pageBytes(), d.dictionaryPageBytes(), true, false, false, true),
            new ParquetSettings(d.codec(), d.zstdLevel(), d.rowGroupBytes(), d.pageBytes(), d.dictionaryPageBytes(), true, false, true, false));
    }

    @ParameterizedTest
    @MethodSource("writers")
    void everyLogAndMeasureRecordedIsExactlyOneRowWithItsValues(final ParquetSettings settings) throws Exception {
        final ProcessMeta process = TestBlocks.process(processId, "app.jar", TestBlocks.FREQUENCY);
        final StreamMeta logs = TestBlocks.stream(logStream, processId, "main");
        final StreamMeta metrics = TestBlocks.stream(metricStream, processId, "main");
        final List<SourceBlock> blocks = new ArrayList<>();
        final List<String> expectedLogs = new ArrayList<>();
        final List<String> expectedMeasures = new ArrayList<>();
        long offset = 0;
        for (int b = 0; b < 3; b++) {
            final TestBlocks.Builder builder = new TestBlocks.Builder();
            final List<String> rows = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                final long ticks = START_TICKS + 1_000 + b * 10_000 + i * 7;
                switch (i % 3) {
                    case 0 -> { builder.logStatic(ticks); rows.add(ticks + "|app.Main|3|started"); }
                    case 1 -> { builder.logArgs(ticks, i, "caf\u00e9 #" + b); rows.add(ticks + "|app.Main|5|took " + i + " ms for caf\u00e9 #" + b); }
                    default -> { builder.logDynamic(ticks, Level.WARN, "dyn " + i); rows.add(ticks + "|bridge.Logger|4|dyn " + i); }
                }
            }
            final TestBlocks.Encoded encoded = builder.encode(processId, logStream, offset, INSERT + b);
            offset += 50;
            blocks.add(add(encoded, process, logs));
            for (final String row : rows) {
                final long ticks = Long.parseLong(row.substring(0, row.indexOf('|')));
                expectedLogs.add(processId + "|" + logStream + "|" + encoded.meta().blockId() + "|" + micros((INSERT + b) * 1_000_000)
                    + "|app.jar|alice|host-1|main|" + TestBlocks.THREAD_ID + "|" + micros(nanos(ticks)) + "|" + nanos(ticks) + row.substring(row.indexOf('|'))
                    + "|0|{env=test, region=eu}");
            }
        }
        final TestBlocks.Builder builder = new TestBlocks.Builder();
        for (int i = 0; i < 40; i++) {
            final long ticks = START_TICKS + 2_000 + i;
            if (i % 2 == 0) {
                builder.metric(ticks, -i);
                expectedMeasures.add(nanos(ticks) + "|app.Main|latency|ns|" + (double) -i + "|{}");
            } else {
                builder.metricWithProperties(ticks, i + 0.25);
                expectedMeasures.add(nanos(ticks) + "|app.Queue|queue|items|" + (i + 0.25) + "|{pool=db, shard=2}");
            }
        }
        blocks.add(add(builder.encode(processId, metricStream, 0, INSERT), process, metrics));

        final EtlOutput output = new ViewEtl(settings).run(blocks, EnumSet.of(View.LOG_ENTRIES, View.MEASURES), fetcher);

        assertThat(output.skipped()).isEmpty();
        assertThat(output.blocksRead()).isEqualTo(4);
        assertThat(output.view(View.LOG_ENTRIES).rows()).isEqualTo(150);
        assertThat(output.view(View.MEASURES).rows()).isEqualTo(40);
        final String logFile = write(output, View.LOG_ENTRIES);
        assertThat(duck.rows("SELECT process_id, stream_id, block_id, strftime(insert_time, '%Y-%m-%dT%H:%M:%S.%fZ'), exe, username, computer,"
            + " thread_name, thread_id, strftime(time, '%Y-%m-%dT%H:%M:%S.%fZ'), time_ns, target, level, msg, cardinality(properties),"
            + " CAST(process_properties AS VARCHAR) FROM read_parquet('" + logFile + "') ORDER BY time_ns"))
            .containsExactlyElementsOf(expectedLogs.stream().map(ViewEtlTest::normalizeMicros).toList());
        assertThat(duck.rows("SELECT DISTINCT exception_class, exception_message, exception_stack FROM read_parquet('" + logFile
            + "')")).as("no throwable is recorded yet: null, not empty").containsExactly("null|null|null");
        final String measureFile = write(output, View.MEASURES);
        assertThat(duck.rows("SELECT time_ns, target, name, unit, value, CAST(properties AS VARCHAR) FROM read_parquet('"
            + measureFile + "') ORDER BY time_ns")).containsExactlyElementsOf(expectedMeasures);
        assertThat(duck.rows("SELECT DISTINCT thread_name, thread_id FROM read_parquet('" + measureFile + "')"))
            .containsExactly("main|" + TestBlocks.THREAD_ID);
        assertThat(duck.rows("SELECT DISTINCT process_properties['region'] FROM read_parquet('" + measureFile + "')"))
            .containsExactly("eu");
    }

    /** Instant.toString trims trailing zeros; strftime %f always prints six digits. */
    private static String normalizeMicros(final String row) {
        final String[] parts = row.split("\\|", -1);
        parts[3] = sixDigits(parts[3]);
        parts[9] = sixDigits(parts[9]);
        return String.join("|", parts);
    }

    private static String sixDigits(final String instant) {
        final Instant at = Instant.parse(instant);
        return String.format("%sT%s.%06dZ", at.toString().substring(0, 10), at.toString().substring(11, 19), at.getNano() / 1000);
    }

    @Test
    void theDecodeToRowPathAllocatesNothingPerRowButTheMessageBinary() {
        final ProcessMeta process = TestBlocks.process(processId, "app.jar", TestBlocks.FREQUENCY);
        final List<SourceBlock> metricBlocks = new ArrayList<>();
        final List<SourceBlock> logBlocks = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            final TestBlocks.Builder metrics = new TestBlocks.Builder();
            final TestBlocks.Builder logs = new TestBlocks.Builder();
            for (int i = 0; i < 1000; i++) {
                final long ticks = START_TICKS + b * 10_000L + i;
                if (i % 2 == 0) {
                    metrics.metric(ticks, i);
                } else {
                    metrics.metricWithProperties(ticks, i * 0.5);
                }
                logs.logStatic(ticks);
            }
            metricBlocks.add(add(metrics.encode(processId, metricStream, b * 1000L, INSERT), process,
                TestBlocks.stream(metricStream, processId, "main")));
            logBlocks.add(add(logs.encode(processId, logStream, b * 1000L, INSERT), process,
                TestBlocks.stream(logStream, processId, "main")));
        }
        final ViewEtl etl = ViewEtl.withoutParquet();
        final double measureBytes = allocatedPerRow(() -> etl.run(metricBlocks, Set.of(View.MEASURES), fetcher).view(View.MEASURES).rows());
        final double logBytes = allocatedPerRow(() -> etl.run(logBlocks, Set.of(View.LOG_ENTRIES), fetcher).view(View.LOG_ENTRIES).rows());
        // per block: metadata strings, ids and decoded dependencies (~2 KB / 1000 rows); per row: nothing
        assertThat(measureBytes).as("bytes allocated per measures row").isLessThan(8);
        // per row: one Binary wrapper around the reused message buffer (16-32 bytes)
        assertThat(logBytes).as("bytes allocated per log row").isLessThan(48);
    }

    @Test
    void spanRowsAllocateNothingPerRow() {
        final ProcessMeta process = TestBlocks.process(processId, "app.jar", TestBlocks.FREQUENCY);
        final StreamMeta stream = TestBlocks.stream(logStream, processId, "main"); // with a thread id: that column is written
        final List<SourceBlock> blocks = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            final TestBlocks.Builder builder = new TestBlocks.Builder();
            for (int i = 0; i < 250; i++) {
                final long ticks = START_TICKS + b * 10_000L + i * 4L;
                builder.begin(4, ticks).end(4, ticks + 1).asyncBegin(i, 0, 0, ticks + 2).asyncEnd(i, 0, 0, ticks + 3);
            }
            blocks.add(add(builder.encode(processId, logStream, b * 1000L, INSERT), process, stream));
        }
        final ViewEtl etl = ViewEtl.withoutParquet();
        final double asyncBytes = allocatedPerRow(() -> etl.run(blocks, Set.of(View.ASYNC_EVENTS), fetcher)
            .view(View.ASYNC_EVENTS).rows());
        final double spanBytes = allocatedPerRow(() -> etl.run(blocks, Set.of(View.THREAD_SPANS), fetcher)
            .view(View.THREAD_SPANS).rows());
        assertThat(asyncBytes).as("bytes allocated per async_events row").isLessThan(8);
        assertThat(spanBytes).as("bytes allocated per thread_spans row").isLessThan(8);
    }

    private static double allocatedPerRow(final java.util.function.LongSupplier run) {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 5; i++) {
            run.getAsLong(); // warm up: class loading, JIT, caches
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        final long rows = run.getAsLong();
        return (threads.getCurrentThreadAllocatedBytes() - before) / (double) rows;
    }

    @Test
    void writesWithoutHadoopOnTheClassPath() {
        // surefire excludes hadoop-common, as the Lambda jar does; every other test here writes Parquet
        assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
            .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void timesAreEstimatedFromTheBlockHeaderWhenTheFrequencyIsUnknown() throws Exception {
        final ProcessMeta process = TestBlocks.process(processId, "app.jar", 0);
        final StreamMeta logs = TestBlocks.stream(logStream, processId, "main");
        final TestBlocks.Builder builder = new TestBlocks.Builder();
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            final long ticks = START_TICKS + 500 + i * 13;
            builder.logStatic(ticks);
            expected.add(Long.toString(nanos(ticks)));
        }
        final EtlOutput output = new ViewEtl(ParquetSettings.DEFAULT).run(
            List.of(add(builder.encode(processId, logStream, 0, INSERT), process, logs)), EnumSet.of(View.LOG_ENTRIES), fetcher);
        assertThat(duck.rows("SELECT time_ns FROM read_parquet('" + write(output, View.LOG_ENTRIES) + "') ORDER BY time_ns"))
            .containsExactlyElementsOf(expected);
    }

    @Test
    void threadSpansFormTreesAcrossChainedBlocksAndAGapNeverFabricatesASpan() throws Exception {
        final ProcessMeta process = TestBlocks.process(processId, "app.jar", TestBlocks.FREQUENCY);
        final UUID spanStream = new UUID(3, 1);
        final UUID otherStream = new UUID(3, 2);
        final StreamMeta spans = TestBlocks.stream(spanStream, processId, "worker-1");
        final StreamMeta other = TestBlocks.stream(otherStream, processId, "worker-2");
        final long t = START_TICKS;
        // block 0 (events 0..2): outer{ inner{} ...
        final var b0 = add(new TestBlocks.Builder().begin(4, t + 10).begin(5, t + 20).end(5, t + 30)
            .encode(processId, spanStream, 0, INSERT), process, spans);
        // block 1 (3..5) chains: inner{} } closes outer
        final var b1 = add(new TestBlocks.Builder().begin(5, t + 40).end(5, t + 50).end(4, t + 60)
            .encode(processId, spanStream, 3, INSERT), process, spans);
        // block 2 (6..7) chains, leaves outer{ inner{ open
        final var b2 = add(new TestBlocks.Builder().begin(4, t + 70).begin(5, t + 80)
            .encode(processId, spanStream, 6, INSERT), process, spans);
        // block 3 starts at 20: a gap; its two ends have no begin; then a complete root span
        final var b3 = add(new TestBlocks.Builder().end(5, t + 90).end(4, t + 100).begin(5, t + 110).end(5, t + 120)
            .encode(processId, spanStream, 20, INSERT), process, spans);
        // another stream whose open span must not swallow ends of the first
        final var c0 = add(new TestBlocks.Builder().begin(4, t + 5).encode(processId, otherStream, 0, INSERT), process, other);

        final EtlOutput output = new ViewEtl(ParquetSettings.DEFAULT).run(List.of(b3, c0, b1, b0, b2),
            EnumSet.of(View.THREAD_SPANS), fetcher);

        assertThat(output.view(View.THREAD_SPANS).rows()).isEqualTo(4);
        assertThat(output.droppedOpenSpans()).isEqualTo(3); // two at the gap, one left open at the end of worker-2
        assertThat(output.droppedSpanEnds()).isEqualTo(2);
        assertThat(duck.rows("SELECT thread_name, id, parent, depth, name, begin_ns, end_ns, duration_ns, source_file, line FROM read_parquet('"
            + write(output, View.THREAD_SPANS) + "') ORDER BY begin_ns, depth")).containsExactly(
            "worker-1|1|0|0|outer|" + nanos(t + 10) + "|" + nanos(t + 60) + "|5000|Work.java|10",
            "worker-1|2|1|1|inner|" + nanos(t + 20) + "|" + nanos(t + 30) + "|1000|Work.java|20",
            "worker-1|4|1|1|inner|" + nanos(t + 40) + "|" + nanos(t + 50) + "|1000|Work.java|20",
            "worker-1|23|0|0|inner|" + nanos(t + 110) + "|" + nanos(t + 120) + "|1000|Work.java|20");
    }

    @Test
    void aStreamVirtualThreadsShareNestsSpansPerThreadAndGivesEachRowItsThread() throws Exception {
        final ProcessMeta process = TestBlocks.process(processId, "app.jar", TestBlocks.FREQUENCY);
        final UUID stripe = new UUID(4, 1);
        final StreamMeta shared = new StreamMeta(stripe, processId, TelemetryTypes.declarations(), List.of("cpu"),
            Map.of("thread-name", "lakeobs-virtual-threads-0", "thread-id", "-1", "virtual-thread-stripe", "0"));
        final long t = START_TICKS;
        // block 0 (events 0..7): thread 100 opens outer, thread 200 opens outer and inner, 100 opens inner
        final var b0 = add(new TestBlocks.Builder().threadSwitch(100, t + 1).begin(4, t + 10)
            .threadSwitch(200, t + 11).begin(4, t + 20).begin(5, t + 30)
            .threadSwitch(100, t + 31).begin(5, t + 40).logStatic(t + 41)
            .encode(processId, stripe, 0, INSERT), process, shared);
        // block 1 (8..): starts with its thread again, as the collector writes it; 100 closes both, then 200 closes both
        final var b1 = add(new TestBlocks.Builder().threadSwitch(100, t + 42).end(5, t + 50).end(4, t + 60)
            .threadSwitch(200, t + 61).end(5, t + 70).logStatic(t + 71).end(4, t + 80)
            .encode(processId, stripe, 8, INSERT), process, shared);

        final EtlOutput output = new ViewEtl(ParquetSettings.DEFAULT).run(List.of(b1, b0),
            EnumSet.of(View.THREAD_SPANS, View.LOG_ENTRIES), fetcher);

        assertThat(output.droppedOpenSpans()).isZero();
        assertThat(output.droppedSpanEnds()).isZero();
        assertThat(duck.rows("SELECT thread_name, thread_id, id, parent, depth, name, begin_ns, end_ns FROM read_parquet('"
            + write(output, View.THREAD_SPANS) + "') ORDER BY thread_id, depth")).containsExactly(
            "lakeobs-virtual-threads-0|100|2|0|0|outer|" + nanos(t + 10) + "|" + nanos(t + 60),
            "lakeobs-virtual-threads-0|100|7|2|1|inner|" + nanos(t + 40) + "|" + nanos(t + 50),
            "lakeobs-virtual-threads-0|200|4|0|0|outer|" + nanos(t + 20) + "|" + nanos(t + 80),
            "lakeobs-virtual-threads-0|200|5|4|1|inner|" + nanos(t + 30) + "|" + nanos(t + 70));
        assertThat(duck.rows("SELECT thread_id, time_ns FROM read_parquet('" + write(output, View.LOG_ENTRIES)
            + "') ORDER BY time_ns")).containsExactly("100|" + nanos(t + 41), "200|" + nanos(t + 71));
    }

    @Test
    void argumentsRenderAsTheirTypesAndRecordsFillPropertiesAndExceptionColumns() throws Exception {
        final ProcessMeta process = TestBlocks.process(processId, "app.jar", TestBlocks.FREQUENCY);
        final StreamMeta logs = TestBlocks.stream(logStream, processId, "main");
        final TestBlocks.Builder builder = new TestBlocks.Builder()
            .logTyped(START_TICKS + 1, 1.3f, 'c', "abc")
            .logRecord(START_TICKS + 2, new TreeMap<>(Map.of("order", "o-42", "marker", "PAYMENT")),
                "java.lang.IllegalStateException", "declined", "\tat app.Pay.run(Pay.java:3)",
                "java.io.IOException", null, "\tat app.Bank.call(Bank.java:12)")
            .logRecord(START_TICKS + 3, new TreeMap<>(Map.of("order", "o-43")));
        final EtlOutput output = new ViewEtl(ParquetSettings.DEFAULT).run(
            List.of(add(builder.encode(processId, logStream, 0, INSERT), process, logs)), Set.of(View.LOG_ENTRIES), fetcher);

        assertThat(duck.rows("SELECT msg, properties['order'], properties['marker'], exception_class, exception_message,"
            + " exception_stack FROM read_parquet('" + write(output, View.LOG_ENTRIES) + "') ORDER BY time_ns"))
            .containsExactly(
                "took 1.3 ms for c abc\u2026[cut]|null|null|null|null|null",
                "started|o-42|PAYMENT|java.lang.IllegalStateException|declined|java.lang.IllegalStateException: declined\n"
                    + "\tat app.Pay.run(Pay.java:3)\nCaused by: java.io.IOException\n\tat app.Bank.call(Bank.java:12)",
                "started|o-43|null|null|null|null");
    }

    @Test
    void aCorruptOrMissingBlockIsSkippedAndReportedWhileTheRestIsWritten() throws Exception {
        final ProcessMeta process = TestBlocks.process(processId, "app.jar", TestBlocks.FREQUENCY);
        final StreamMeta logs = TestBlocks.stream(logStream, processId, "main");
        final List<SourceBlock> blocks = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            final TestBlocks.Builder builder = new TestBlocks.Builder();
            for (int i = 0; i < 10; i++) {
                builder.logArgs(START_TICKS + b * 100 + i, b, "block");
            }
            blocks.add(add(builder.encode(processId, logStream, b * 10L, INSERT), process, logs));
        }
        final byte[] corrupt = store.get(blocks.get(1).block().blockId());
        corrupt[corrupt.length - 3] ^= 0x5A;
        store.remove(blocks.get(2).block().blockId());

        final EtlOutput output = new ViewEtl(ParquetSettings.DEFAULT).run(blocks, Set.of(View.LOG_ENTRIES), fetcher);

        assertThat(output.skipped()).extracting(SkippedBlock::blockId)
            .containsExactly(blocks.get(1).block().blockId(), blocks.get(2).block().blockId());
        assertThat(output.skipped().get(0).reason()).contains("corrupt block").contains("checksum");
        assertThat(output.skipped().get(1).reason()).contains("block unavailable").contains("NoSuchKey");
        assertThat(duck.rows("SELECT DISTINCT msg FROM read_parquet('" + write(output, View.LOG_ENTRIES) + "') ORDER BY msg"))
            .containsExactly("took 0 ms for block", "took 3 ms for block");
        assertThat(output.view(View.LOG_ENTRIES).rows()).isEqualTo(20);
    }

    @Test
    void aTransientFetchFailureAbortsTheRunInsteadOfWritingAPartitionWithoutTheBlock() {
        final ProcessMeta process = TestBlocks.process(processId, "app.jar", TestBlocks.FREQUENCY);
        final SourceBlock block = add(new TestBlocks.Builder().logStatic(START_TICKS + 1).encode(processId, logStream, 0, INSERT),
            process, TestBlocks.stream(logStream, processId, "main"));
        assertThatThrownBy(() -> new ViewEtl(ParquetSettings.DEFAULT).run(List.of(block), Set.of(View.LOG_ENTRIES), b -> {
            throw new java.io.IOException("503 Slow Down");
        })).hasMessageContaining("503 Slow Down");
    }

    @Test
    void asyncEventsAndCatalogViews() throws Exception {
        final ProcessMeta process = TestBlocks.process(processId, "app.jar", TestBlocks.FREQUENCY);
        // a stream that names its thread but not its id (another recorder): thread_id is null
        final StreamMeta spans = new StreamMeta(logStream, processId, TelemetryTypes.declarations(), List.of("log"),
            Map.of("thread-name", "io"));
        final var block = add(new TestBlocks.Builder().asyncBegin(9, 0, 0, START_TICKS + 1).asyncBegin(10, 9, 1, START_TICKS + 2)
            .asyncEnd(10, 9, 1, START_TICKS + 3).asyncEnd(9, 0, 0, START_TICKS + 4)
            .encode(processId, logStream, 0, INSERT), process, spans);
        final EtlOutput output = new ViewEtl(ParquetSettings.DEFAULT).run(List.of(block),
            EnumSet.of(View.ASYNC_EVENTS, View.THREAD_SPANS, View.PROCESSES, View.STREAMS, View.BLOCKS), fetcher);
        assertThat(output.view(View.THREAD_SPANS).rows()).isZero();
        assertThat(output.view(View.THREAD_SPANS).bytes()).isNull();
        assertThat(duck.rows("SELECT event_type, span_id, parent_span_id, depth, name, time_ns, thread_name, thread_id,"
            + " source_file, trace_id, cardinality(attributes) FROM read_parquet('"
            + write(output, View.ASYNC_EVENTS) + "') ORDER BY time_ns")).containsExactly(
            "begin|9|0|0|outer|" + nanos(START_TICKS + 1) + "|io|null|Work.java|null|0",
            "begin|10|9|1|outer|" + nanos(START_TICKS + 2) + "|io|null|Work.java|null|0",
            "end|10|9|1|outer|" + nanos(START_TICKS + 3) + "|io|null|Work.java|null|0",
            "end|9|0|0|outer|" + nanos(START_TICKS + 4) + "|io|null|Work.java|null|0");
        assertThat(duck.rows("SELECT process_id, owner_key_id, exe, tsc_frequency, properties['env'] FROM read_parquet('"
            + write(output, View.PROCESSES) + "')")).containsExactly(processId + "|" + TestBlocks.OWNER_KEY_ID
            + "|app.jar|10000000|test");
        assertThat(duck.rows("SELECT stream_id, tags[1], properties['thread-name'] FROM read_parquet('"
            + write(output, View.STREAMS) + "')")).containsExactly(logStream + "|log|io");
        assertThat(duck.rows("SELECT block_id, nb_objects, object_offset FROM read_parquet('"
            + write(output, View.BLOCKS) + "')")).containsExactly(block.block().blockId() + "|4|0");
    }
}
