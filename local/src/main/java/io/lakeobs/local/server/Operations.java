package io.lakeobs.local.server;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.CatalogKeys;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.functions.views.Backfill;
import io.lakeobs.functions.views.OnDemandEtl;
import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.ViewsRuntime;
import io.lakeobs.functions.views.catalog.ViewStore;
import io.lakeobs.local.Directories;
import io.lakeobs.local.demo.LocalQuery;
import io.lakeobs.local.query.LiveViewFiles;
import io.lakeobs.local.query.ProcessViews;
import io.lakeobs.functions.views.trace.ChromeTrace;
import io.lakeobs.transit.telemetry.Level;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the commands ask a running server, over the embedded stack: processes from the blocks'
 * insert-day index (never a Scan), one process's logs, metrics and trace from its on-demand views
 * (derived by the on-demand ETL, which also marks the process kept, then read with DuckDB from the
 * live files), SQL over the global views, backfill, and API keys. Bad input throws
 * {@link IllegalArgumentException}, an unknown process or metric {@link NotFoundException}, bad SQL
 * {@link SQLException}, a query before any view exists {@link IllegalStateException}; each message
 * names what was wrong.
 */
public final class Operations {
    private static final int MAX_ROWS = 100_000;
    private final ViewsRuntime views;
    private final ViewStore viewStore;
    private final ProcessCatalog processes;
    private final BlockCatalog blocks;
    private final Function<PrintStream, ApiKeyCommand> keys;
    private final Path scratch;
    private final Clock clock;

    /** An id or a name that matches nothing. */
    public static final class NotFoundException extends RuntimeException {
        public NotFoundException(final String message) {
            super(message);
        }
    }

    /** A row of {@code lakeobs processes}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ProcessRow(String processId, String exe, String computer, long startMillis, long lastSeenMillis,
                             long errors, int blocks, boolean kept, Map<String, String> properties) {
    }

    /** An event-time range, ns since the epoch, {@code from} inclusive, {@code to} exclusive; 0 for "open". */
    public record Range(long fromNanos, long toNanos) {
        public Range {
            if (fromNanos < 0 || toNanos < 0 || (toNanos != 0 && fromNanos >= toNanos)) {
                throw new IllegalArgumentException("bad time range: the start (" + fromNanos + " ns) must come before the end ("
                    + toNanos + " ns)");
            }
        }
    }

    /** A trace file and what it holds. */
    public record Trace(byte[] json, int spans, int asyncEvents, int logs) {
    }

    /** The on-demand ETL of a process: partitions written or reused, blocks read and skipped. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EtlRun(String processId, int partitions, int blocksRead, int skipped) {
    }

    /** A backfill over a range of the global views. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BackfillRun(int rewritten, int keptOld, int skipped, int blocksRead) {
    }

    /** A keys command's exit status and output. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record KeysRun(int status, String output) {
    }

    public Operations(final ViewsRuntime views, final ViewStore viewStore, final ProcessCatalog processes,
                      final BlockCatalog blocks, final Function<PrintStream, ApiKeyCommand> keys, final Path scratch,
                      final Clock clock) {
        this.views = views;
        this.viewStore = viewStore;
        this.processes = processes;
        this.blocks = blocks;
        this.keys = keys;
        this.scratch = scratch;
        this.clock = clock;
    }

    /**
     * Every process that sent a block in the last {@code days} UTC days (one Query of the blocks'
     * insert-day index per day and shard, then a GetItem per process), most recently seen first.
     */
    public List<ProcessRow> processes(final int days) {
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("--days must be between 1 and 366, was " + days);
        }
        final long today = Math.floorDiv(clock.millis(), ViewLayout.DAY_MILLIS) * ViewLayout.DAY_MILLIS;
        final Map<UUID, long[]> seen = new HashMap<>(); // last insert, errors, blocks
        for (int d = 0; d < days; d++) {
            for (int shard = 0; shard < CatalogKeys.INSERT_SHARDS; shard++) {
                for (final List<BlockRecord> page : blocks.insertedOnDay(today - d * ViewLayout.DAY_MILLIS, shard, "")) {
                    for (final BlockRecord block : page) {
                        final long[] s = seen.computeIfAbsent(block.header().processId(), id -> new long[3]);
                        s[0] = Math.max(s[0], block.insertTimeMillis());
                        s[1] += block.header().summary().errorCount();
                        s[2]++;
                    }
                }
            }
        }
        final List<ProcessRow> rows = new ArrayList<>();
        for (final Map.Entry<UUID, long[]> entry : seen.entrySet()) {
            processes.get(entry.getKey()).ifPresent(p -> rows.add(new ProcessRow(entry.getKey().toString(), p.info().exe(),
                p.info().computer(), p.info().startTimeNanos() / 1_000_000, Math.max(p.lastSeenMillis(), entry.getValue()[0]),
                entry.getValue()[1], (int) entry.getValue()[2], p.kept(), p.info().properties())));
        }
        rows.sort(Comparator.comparingLong(ProcessRow::lastSeenMillis).reversed().thenComparing(ProcessRow::processId));
        return rows;
    }

    /** A process by id, or by a unique prefix of the id of one seen in the last 30 days. */
    public ProcessRecord process(final String idOrPrefix) {
        if (idOrPrefix == null || idOrPrefix.isBlank()) {
            throw new IllegalArgumentException("a process id is required");
        }
        Optional<UUID> id = Optional.empty();
        try {
            id = Optional.of(UUID.fromString(idOrPrefix));
        } catch (final IllegalArgumentException notAnId) {
            final List<String> matches = processes(30).stream().map(ProcessRow::processId)
                .filter(p -> p.startsWith(idOrPrefix.toLowerCase(java.util.Locale.ROOT))).toList();
            if (matches.size() > 1) {
                throw new IllegalArgumentException("'" + idOrPrefix + "' matches " + matches.size() + " processes: " + matches);
            }
            id = matches.stream().findFirst().map(UUID::fromString);
        }
        return id.flatMap(processes::get).orElseThrow(() -> new NotFoundException("unknown process '" + idOrPrefix
            + "': lakeobs processes lists them"));
    }

    /** Runs the on-demand ETL of {@code process} over {@code range}. */
    public EtlRun etl(final String process, final Range range) {
        final ProcessRecord record = process(process);
        final OnDemandEtl.Result result = views.onDemand().run(request(record, range));
        return new EtlRun(record.info().processId().toString(), result.partitions().size(), result.blocksRead(),
            result.skipped().size());
    }

    /**
     * Logs at {@code minLevel} or above whose message or target matches {@code grep} (a regex, or
     * null), oldest first: the last {@code limit} of the range, or with {@code first} its first
     * {@code limit} (to page forward through new entries).
     */
    public LocalQuery.Table logs(final String process, final Range range, final Level minLevel, final String grep, final int limit,
                                 final boolean first) throws SQLException, IOException {
        final ProcessRecord record = process(process);
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, was " + limit);
        }
        if (grep != null) {
            LocalQuery.requireRegex("--grep", grep); // before the views are derived: bad input keeps nothing
        }
        return withProcessViews(record, range, query -> {
            if (!query.views().contains(View.LOG_ENTRIES.tableName())) {
                return new LocalQuery.Table(List.of("time_ns", "level", "target", "thread_name", "msg"), List.of());
            }
            final LocalQuery.Table page = query.select("SELECT time_ns, level, target, thread_name, msg FROM log_entries"
                + " WHERE time_ns >= ? AND time_ns < ? AND level >= ?"
                + (grep == null ? "" : " AND regexp_matches(target || ' ' || msg, ?)")
                + " ORDER BY time_ns " + (first ? "ASC" : "DESC") + " LIMIT " + limit, limit, grep == null
                ? new Object[] {from(record, range), to(range), minLevel.code()}
                : new Object[] {from(record, range), to(range), minLevel.code(), grep});
            if (first) {
                return page;
            }
            final List<List<Object>> rows = new ArrayList<>(page.rows());
            Collections.reverse(rows);
            return new LocalQuery.Table(page.columns(), rows);
        });
    }

    /**
     * Without {@code name}: one row per metric (count, min, avg, max, last). With it: that metric's
     * points in time order (time_ns, value).
     */
    public LocalQuery.Table metrics(final String process, final String name, final Range range) throws SQLException, IOException {
        final ProcessRecord record = process(process);
        return withProcessViews(record, range, query -> {
            final boolean any = query.views().contains(View.MEASURES.tableName());
            if (name == null) {
                return any ? query.select("SELECT name, unit, count(*) AS n, min(value) AS min, avg(value) AS avg,"
                    + " max(value) AS max, arg_max(value, time_ns) AS last FROM measures WHERE time_ns >= ? AND time_ns < ?"
                    + " GROUP BY name, unit ORDER BY name", MAX_ROWS, from(record, range), to(range))
                    : new LocalQuery.Table(List.of("name", "unit", "n", "min", "avg", "max", "last"), List.of());
            }
            final LocalQuery.Table points = any ? query.select("SELECT time_ns, value FROM measures WHERE name = ?"
                + " AND time_ns >= ? AND time_ns < ? ORDER BY time_ns", MAX_ROWS, name, from(record, range), to(range))
                : new LocalQuery.Table(List.of("time_ns", "value"), List.of());
            if (points.rows().isEmpty()) {
                final List<String> names = any ? query.select("SELECT DISTINCT name FROM measures ORDER BY name", MAX_ROWS)
                    .rows().stream().map(r -> String.valueOf(r.get(0))).toList() : List.of();
                throw new NotFoundException("process " + record.info().processId() + " has no metric '" + name
                    + "' in that range; its metrics: " + (names.isEmpty() ? "none" : String.join(", ", names)));
            }
            return points;
        });
    }

    /** The process's thread spans, async spans and logs over {@code range} as a Chrome trace-event file. */
    public Trace trace(final String process, final Range range) throws SQLException, IOException {
        final ProcessRecord record = process(process);
        return withProcessViews(record, range, query -> {
            final long from = from(record, range);
            final long to = to(range);
            final List<ChromeTrace.ThreadSpan> spans = new ArrayList<>();
            if (query.views().contains(View.THREAD_SPANS.tableName())) {
                for (final List<Object> r : query.select("SELECT thread_name, thread_id, id, parent, depth, begin_ns, end_ns,"
                    + " name, target FROM thread_spans WHERE end_ns >= ? AND begin_ns < ?", Integer.MAX_VALUE, from, to).rows()) {
                    spans.add(new ChromeTrace.ThreadSpan((String) r.get(0), (Long) r.get(1), num(r.get(2)), num(r.get(3)),
                        (int) num(r.get(4)), num(r.get(5)), num(r.get(6)), (String) r.get(7), (String) r.get(8)));
                }
            }
            final List<ChromeTrace.AsyncEvent> async = new ArrayList<>();
            if (query.views().contains(View.ASYNC_EVENTS.tableName())) {
                for (final List<Object> r : query.select("SELECT thread_name, thread_id, time_ns, event_type, span_id,"
                    + " parent_span_id, name, target FROM async_events WHERE time_ns >= ? AND time_ns < ?", Integer.MAX_VALUE,
                    from, to).rows()) {
                    async.add(new ChromeTrace.AsyncEvent((String) r.get(0), (Long) r.get(1), num(r.get(2)),
                        "begin".equals(r.get(3)), num(r.get(4)), num(r.get(5)), (String) r.get(6), (String) r.get(7)));
                }
            }
            final List<ChromeTrace.LogEntry> logs = new ArrayList<>();
            if (query.views().contains(View.LOG_ENTRIES.tableName())) {
                for (final List<Object> r : query.select("SELECT thread_name, thread_id, time_ns, level, target, msg"
                    + " FROM log_entries WHERE time_ns >= ? AND time_ns < ?", Integer.MAX_VALUE, from, to).rows()) {
                    final Level level = Level.fromCode((int) num(r.get(3)));
                    logs.add(new ChromeTrace.LogEntry((String) r.get(0), (Long) r.get(1), num(r.get(2)),
                        level == null ? String.valueOf(r.get(3)) : level.name(), (String) r.get(4), (String) r.get(5)));
                }
            }
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            ChromeTrace.write(new ChromeTrace.Content(record.info().exe() + " " + record.info().processId(),
                record.info().processId().toString(), from, spans, async, logs), out);
            return new Trace(out.toByteArray(), spans.size(), async.size(), logs.size());
        });
    }

    /** Re-derives the global views' partitions of [from, to) written by an older schema. */
    public BackfillRun backfill(final long fromMillis, final long toMillis) {
        if (fromMillis >= toMillis) {
            throw new IllegalArgumentException("bad time range: FROM must come before TO");
        }
        final Backfill.Report report = views.backfill().run(fromMillis, toMillis);
        return new BackfillRun(report.rewritten().size(), report.keptOld().size(), report.skipped().size(), report.blocksRead());
    }

    /** {@code sql} over the global views' live files of the last {@code days} UTC days (at most {@code limit} rows). */
    public LocalQuery.Table query(final String sql, final int days, final int limit) throws SQLException, IOException {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("no SQL given");
        }
        if (days < 1 || days > 366 || limit < 1) {
            throw new IllegalArgumentException("--days must be between 1 and 366 and --limit at least 1");
        }
        final Path directory = Files.createTempDirectory(Files.createDirectories(scratch), "query-");
        try {
            final long now = clock.millis();
            new LiveViewFiles(viewStore).global(directory, now - (days - 1) * ViewLayout.DAY_MILLIS, now);
            try (LocalQuery query = new LocalQuery(directory)) {
                if (query.views().isEmpty()) {
                    throw new IllegalStateException("the global views hold nothing yet: they are derived every minute,"
                        + " about 15 seconds behind the clock, once an application has sent blocks");
                }
                return query.select(sql, limit);
            }
        } finally {
            Directories.deleteRecursively(directory);
        }
    }

    /** Runs {@code lakeobs keys ARGS} (the deploy's key management) against this stack's catalog. */
    public KeysRun keys(final List<String> args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        final int status = keys.apply(print).run(args.toArray(String[]::new));
        return new KeysRun(status, out.toString(StandardCharsets.UTF_8));
    }

    /** Derives the process's on-demand views over the range and reads them. */
    private <T> T withProcessViews(final ProcessRecord record, final Range range, final ProcessViews.Reader<T> body)
        throws SQLException, IOException {
        return new ProcessViews(views, viewStore, scratch).read(request(record, range), body);
    }

    private OnDemandEtl.Request request(final ProcessRecord record, final Range range) {
        final long from = Math.floorDiv(from(record, range), 1_000_000L);
        final long to = Math.floorDiv(to(range), 1_000_000L) + 1;
        return new OnDemandEtl.Request(record.info().processId(), null, from, to);
    }

    /** The range's start, or a minute before the process started. */
    private static long from(final ProcessRecord record, final Range range) {
        return range.fromNanos() != 0 ? range.fromNanos() : Math.max(0, record.info().startTimeNanos() - 60_000_000_000L);
    }

    /** The range's end, or a minute from now. */
    private long to(final Range range) {
        return range.toNanos() != 0 ? range.toNanos() : (clock.millis() + 60_000) * 1_000_000L;
    }

    private static long num(final Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
