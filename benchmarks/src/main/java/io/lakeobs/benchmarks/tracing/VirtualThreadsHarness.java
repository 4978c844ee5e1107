package io.lakeobs.benchmarks.tracing;

import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.etl.BlockMeta;
import io.lakeobs.functions.views.etl.EtlOutput;
import io.lakeobs.functions.views.etl.ProcessMeta;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.StreamMeta;
import io.lakeobs.functions.views.etl.ViewEtl;
import io.lakeobs.functions.views.parquet.ParquetSettings;
import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.SpanScope;
import io.lakeobs.tracing.SpanSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingBuilder;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.tracing.sink.EncodedBlock;
import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.sink.ProcessInfo;
import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.tracing.testing.SinkEvents;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.SpanEvent;
import io.lakeobs.transit.telemetry.TelemetryVisitor;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Issue 21's goal figures: N virtual threads (default 100 000) each record 100 events, logs and
 * nested spans, yielding inside their spans so that their events interleave in the stripes; then
 * every block is decoded with transit's reader, attributing events to threads by the
 * thread_switch events and nesting spans per (stream, thread) (each end must close its own
 * thread's innermost span, each thread must have its 36 logs in order and 32 spans), and the
 * views ETL ({@code ViewEtl}, the code the views functions run) writes the log_entries and
 * thread_spans Parquet files of the same blocks: rows must equal the events, with no open span
 * and no orphan end, and DuckDB, reading the files, must find every thread's 36 logs and 32 spans,
 * each inner span inside an outer span of its own thread. Ring memory is the stripes' rings
 * (kinds x stripes x capacity). Needs Java 21+.
 * Usage: {@code VirtualThreadsHarness [virtual threads] [stripes] [directory for the Parquet files]}.
 */
public final class VirtualThreadsHarness {
    static final LogCallSite START = Tracing.logSite(Level.INFO, "vt.Harness", "task {} starts", "Harness.java", 1);
    static final LogCallSite STEP = Tracing.logSite(Level.INFO, "vt.Harness", "task {} step {}", "Harness.java", 2);
    static final SpanSite OUTER = Tracing.spanSite("outer", "vt.Harness", "Harness.java", 3);
    static final SpanSite INNER = Tracing.spanSite("inner", "vt.Harness", "Harness.java", 4);
    static final int ROUNDS = 16; // 6 events each
    static final int LOGS = 1 + 2 * ROUNDS + 3;
    static final int SPANS = 2 * ROUNDS;
    static final int EVENTS = LOGS + 2 * SPANS;

    private VirtualThreadsHarness() {
    }

    public static void main(final String[] args) throws Exception {
        final int threads = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final Path work = Path.of(args.length > 2 ? args[2] : "target/virtual-threads-views");
        final TracingBuilder builder = Tracing.builder();
        if (args.length > 1) {
            builder.virtualThreadStripes(Integer.parseInt(args[1]));
        }
        final InMemorySink sink = new InMemorySink();
        final TracingRuntime tracing = builder.sink(sink).shutdownHook(false).install();
        final long started = System.nanoTime();
        final ExecutorService executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        for (int t = 0; t < threads; t++) {
            final int task = t;
            executor.execute(() -> run(task));
        }
        executor.shutdown();
        if (!executor.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the virtual threads did not finish");
        }
        final long recordedNanos = System.nanoTime() - started;
        tracing.shutdown(java.time.Duration.ofSeconds(60));
        long dropped = 0;
        for (final StreamKind kind : StreamKind.values()) {
            dropped += tracing.droppedEvents(kind);
        }
        final List<StreamInfo> stripeStreams = sink.streams().stream()
            .filter(s -> s.properties().containsKey("virtual-thread-stripe")).toList();
        final long ringBytes = (long) stripeStreams.size() * TracingBuilder.DEFAULT_RING_CAPACITY;
        long blockBytes = 0;
        for (final EncodedBlock block : sink.blocks()) {
            blockBytes += block.bytes().length;
        }
        System.out.printf("recorded  %d virtual threads x %d events = %d in %.2f s (%.2f M events/s), %d dropped%n",
            threads, EVENTS, (long) threads * EVENTS, recordedNanos / 1e9, threads * (double) EVENTS / (recordedNanos / 1e3),
            dropped);
        System.out.printf("memory    %d stripe streams (rings) x %d KiB = %.1f MiB of rings; %d blocks, %.1f MiB%n",
            stripeStreams.size(), TracingBuilder.DEFAULT_RING_CAPACITY >> 10, ringBytes / 1048576.0, sink.blocks().size(),
            blockBytes / 1048576.0);

        final long decodeStarted = System.nanoTime();
        final String problems = checkPerThread(sink, threads);
        System.out.printf("decoded   per thread in %.2f s: %s%n", (System.nanoTime() - decodeStarted) / 1e9, problems);

        final long viewsStarted = System.nanoTime();
        final EtlOutput views = views(sink, tracing.processInfo());
        final long logRows = views.view(View.LOG_ENTRIES).rows();
        final long spanRows = views.view(View.THREAD_SPANS).rows();
        System.out.printf("views     %d log_entries rows, %d thread_spans rows (%d events), %d open, %d orphan ends; "
                + "Parquet %.1f + %.1f MiB, in %.2f s%n",
            logRows, spanRows, logRows + 2 * spanRows, views.droppedOpenSpans(), views.droppedSpanEnds(),
            views.view(View.LOG_ENTRIES).size() / 1048576.0, views.view(View.THREAD_SPANS).size() / 1048576.0,
            (System.nanoTime() - viewsStarted) / 1e9);
        final long queryStarted = System.nanoTime();
        final String inTheFiles = checkFiles(views, work, threads);
        System.out.printf("DuckDB    reads the files (%s) in %.2f s: %s%n", work, (System.nanoTime() - queryStarted) / 1e9,
            inTheFiles);
        final boolean ok = dropped == 0 && problems.equals("none") && logRows == (long) threads * LOGS
            && spanRows == (long) threads * SPANS && views.droppedOpenSpans() == 0 && views.droppedSpanEnds() == 0
            && inTheFiles.equals("none") && ringBytes < 64L << 20;
        System.out.println(ok ? "OK: every event in the views' Parquet files, nested per virtual thread, rings under 64 MiB"
            : "FAILED");
        if (!ok) {
            System.exit(1);
        }
    }

    /**
     * The two files written to {@code work} and read back by DuckDB: every thread's 36 logs and
     * 32 spans, 16 outer spans at depth 0 and 16 inner ones at depth 1, each inside an outer span of
     * its own thread and stream; "none" or the first count that is wrong.
     */
    private static String checkFiles(final EtlOutput views, final Path work, final int threads) throws Exception {
        Files.createDirectories(work);
        final Path logs = work.resolve("log_entries.parquet");
        final Path spans = work.resolve("thread_spans.parquet");
        Files.write(logs, views.view(View.LOG_ENTRIES).bytes());
        Files.write(spans, views.view(View.THREAD_SPANS).bytes());
        final String l = "'" + logs + "'";
        final String s = "'" + spans + "'";
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement()) {
            final String[][] checks = {
                {"threads with logs", "select count(distinct thread_id) from " + l, Long.toString(threads)},
                {"threads without 36 logs", "select count(*) from (select thread_id from " + l
                    + " group by thread_id having count(*) <> " + LOGS + ")", "0"},
                {"threads with spans", "select count(distinct thread_id) from " + s, Long.toString(threads)},
                {"threads without 16 outer and 16 inner spans", "select count(*) from (select thread_id from " + s
                    + " group by thread_id having count(*) filter (where name = 'outer' and depth = 0) <> " + ROUNDS
                    + " or count(*) filter (where name = 'inner' and depth = 1) <> " + ROUNDS + ")", "0"},
                {"inner spans inside an outer span of their own thread", "select count(*) from " + s + " i join " + s
                    + " o on i.parent = o.id and i.stream_id = o.stream_id and i.thread_id = o.thread_id"
                    + " where i.name = 'inner' and o.name = 'outer' and i.begin_ns >= o.begin_ns and i.end_ns <= o.end_ns",
                    Long.toString((long) threads * ROUNDS)},
            };
            for (final String[] check : checks) {
                try (ResultSet r = statement.executeQuery(check[1])) {
                    r.next();
                    if (!r.getString(1).equals(check[2])) {
                        return check[0] + ": " + r.getString(1) + ", not " + check[2];
                    }
                }
            }
        }
        return "none";
    }

    /** 100 events: a log, 16 x outer { log, inner { log } } (yielding inside both every 4th round), 3 logs. */
    private static void run(final int task) {
        START.log(task);
        int step = 0;
        for (int round = 0; round < ROUNDS; round++) {
            try (SpanScope outer = OUTER.enter()) {
                STEP.log(task, step++);
                try (SpanScope inner = INNER.enter()) {
                    if (round % 4 == 0) {
                        Thread.yield();
                    }
                    STEP.log(task, step++);
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            STEP.log(task, step++);
        }
    }

    /** Every thread's logs in order (task and step from the arguments) and its spans nested on its own; "none" or the first problem. */
    private static String checkPerThread(final InMemorySink sink, final int threads) {
        final Long2LongHashMap taskOfThread = new Long2LongHashMap(-1);
        final Long2LongHashMap nextStep = new Long2LongHashMap(-1);
        final Long2LongHashMap spans = new Long2LongHashMap(0);
        final Long2ObjectHashMap<StringBuilder> open = new Long2ObjectHashMap<>();
        final String[] problem = {null};
        SinkEvents.readEachBlock(sink, (block, stream) -> {
            final long[] current = {Long.parseLong(stream.properties().get("thread-id"))};
            return new TelemetryVisitor() {
                @Override
                public void onThreadSwitch(final long threadId) {
                    current[0] = threadId;
                }

                @Override
                public void onLog(final LogEvent log) {
                    final long task = log.arguments().longValue(0);
                    final long known = taskOfThread.get(current[0]);
                    if (known == -1) {
                        taskOfThread.put(current[0], task);
                    } else if (known != task) {
                        fail("thread " + current[0] + " logged for tasks " + known + " and " + task);
                    }
                    final long step = log.arguments().count() > 1 ? log.arguments().longValue(1) : -1;
                    if (step != nextStep.get(current[0])) {
                        fail("thread " + current[0] + ": step " + step + " after " + (nextStep.get(current[0]) - 1));
                    }
                    nextStep.put(current[0], step + 1);
                }

                @Override
                public void onSpan(final SpanEvent span) {
                    StringBuilder stack = open.get(current[0]);
                    if (stack == null) {
                        open.put(current[0], stack = new StringBuilder());
                    }
                    final char name = span.name().charAt(0); // 'o'uter or 'i'nner
                    if (span.begin()) {
                        if ((name == 'o') != (stack.length() == 0)) {
                            fail("thread " + current[0] + ": " + span.name() + " begins at depth " + stack.length());
                        }
                        stack.append(name);
                    } else if (stack.length() == 0 || stack.charAt(stack.length() - 1) != name) {
                        fail("thread " + current[0] + ": " + span.name() + " ends over " + stack);
                    } else {
                        stack.setLength(stack.length() - 1);
                        spans.put(current[0], spans.get(current[0]) + 1);
                    }
                }

                private void fail(final String what) {
                    if (problem[0] == null) {
                        problem[0] = what;
                    }
                }
            };
        });
        if (problem[0] != null) {
            return problem[0];
        }
        if (taskOfThread.size() != threads) {
            return taskOfThread.size() + " threads logged, not " + threads;
        }
        for (final Long2LongHashMap.KeyIterator it = nextStep.keySet().iterator(); it.hasNext(); ) {
            final long thread = it.nextValue();
            if (nextStep.get(thread) != 2 * ROUNDS + 3 || spans.get(thread) != SPANS || open.get(thread).length() != 0) {
                return "thread " + thread + ": " + nextStep.get(thread) + " steps, " + spans.get(thread) + " spans";
            }
        }
        return "none";
    }

    /** log_entries and thread_spans of the blocks, by the views' own ETL (Parquet files in memory, default settings). */
    private static EtlOutput views(final InMemorySink sink, final ProcessInfo info) {
        final ProcessMeta process = new ProcessMeta(info.processId(), info.parentProcessId(), info.exe(), info.username(),
            info.computer(), info.os(), info.cpu(), info.jvm(), info.startTimeNanos(), info.startTicks(), info.ticksPerSecond(),
            info.properties(), null);
        final Map<UUID, StreamMeta> streams = new HashMap<>();
        for (final StreamInfo stream : sink.streams()) {
            streams.put(stream.streamId(), new StreamMeta(stream.streamId(), stream.processId(), stream.declarations(),
                stream.tags(), stream.properties()));
        }
        final Map<UUID, byte[]> bytes = new HashMap<>();
        final List<SourceBlock> blocks = new ArrayList<>();
        for (final EncodedBlock block : sink.blocks()) {
            final BlockHeader h = block.header();
            bytes.put(block.blockId(), block.bytes());
            blocks.add(new SourceBlock(new BlockMeta(h.blockId(), h.streamId(), h.processId(), 0, h.beginTimeNanos(),
                h.endTimeNanos(), h.beginTicks(), h.endTicks(), h.objectOffset(), h.objectCount(), block.bytes().length,
                "blocks/" + h.blockId(), h.summary().logCount(), h.summary().metricCount(), h.summary().spanCount()),
                streams.get(block.streamId()), process));
        }
        return new ViewEtl(ParquetSettings.DEFAULT).run(blocks, EnumSet.of(View.LOG_ENTRIES, View.THREAD_SPANS),
            block -> bytes.get(block.blockId()));
    }

}
