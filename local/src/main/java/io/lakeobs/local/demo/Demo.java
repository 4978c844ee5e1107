package io.lakeobs.local.demo;

import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.config.EnvVars;
import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.functions.lifecycle.LifecycleConfig;
import io.lakeobs.functions.lifecycle.LifecycleRuntime;
import io.lakeobs.functions.lifecycle.RetentionHandler;
import io.lakeobs.functions.lifecycle.SamplerHandler;
import io.lakeobs.functions.lifecycle.sampling.Materializer;
import io.lakeobs.functions.views.OnDemandEtl;
import io.lakeobs.functions.views.View;
import io.lakeobs.local.query.LiveViewFiles;
import io.lakeobs.functions.views.ViewsConfig;
import io.lakeobs.functions.views.split.SplitSettings;
import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.views.catalog.ViewStore;
import io.lakeobs.local.Directories;
import io.lakeobs.local.EmbeddedStack;
import io.lakeobs.local.iam.FunctionClients;
import io.lakeobs.local.iam.Principals;
import io.lakeobs.protocol.ApiKeyToken;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.uploader.Uploader;
import io.lakeobs.uploader.UploaderStats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole pipeline on one machine: the embedded stack, an API key, the sample application
 * instrumented with tracing and shipped by the uploader, the S3 notifications delivered to the
 * indexer, the views ETL (scheduled global views and the on-demand thread spans of the process),
 * and the live Parquet files copied to {@code dataDirectory/views} for DuckDB. Prints a compact
 * report and returns its figures, which a test checks against each other.
 */
public final class Demo {
    /** The views only the on-demand ETL builds: copied from the demo process's instance manifests. */
    private static final List<View> PROCESS_VIEWS = View.instanceViews().stream().filter(v -> !v.global()).toList();
    /** The demo's sampling policy: the default error windows, and the order service kept whole by its property. */
    public static final String SAMPLING_POLICY = "{\"rules\": ["
        + "{\"name\": \"errors\", \"when\": {\"level_at_least\": \"ERROR\"}, \"keep\": {\"window\": {\"before\": \"PT1H\", \"after\": \"PT1H\"}}},"
        + "{\"name\": \"orders\", \"when\": {\"properties\": {\"app\": \"lakeobs-demo\"}}, \"keep\": \"process\"}]}";
    /** Rows of the second, uneventful process. */
    static final int BATCH_ROWS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The demo's figures: what was recorded, sent, stored, indexed, and what the views hold. The
     * workload's log and measure rows count only rows that carry their thread (name and id).
     */
    public record Report(UUID processId, SampleWorkload.Counts recorded, UploaderStats uploader, BlockCensus census,
                         int blocksIndexed, List<String> samplingDecisions, Map<String, Long> viewRows, long workloadLogRows,
                         long workloadMeasureRows, long workloadSpanRows, Path viewsDirectory, Lifecycle lifecycle) {
        /** True when every count agrees with the others: recorded = in blocks = in the views, blocks = indexed. */
        public boolean consistent() {
            return recorded.total() == census.workloadEvents() && census.blockKeys().size() == blocksIndexed
                && workloadLogRows == recorded.logs() && workloadMeasureRows == recorded.metrics()
                && workloadSpanRows == recorded.spans();
        }

        /** The counts {@link #consistent()} compares, on one line. */
        public String summary() {
            return "recorded " + recorded.total() + " = in blocks " + census.workloadEvents() + "; blocks "
                + census.blockKeys().size() + " = indexed " + blocksIndexed + "; rows: logs " + workloadLogRows + ", measures "
                + workloadMeasureRows + ", thread spans " + workloadSpanRows;
        }
    }

    /**
     * The lifecycle a week later: blocks and idle processes the retention pass deleted, whether the
     * batch job's and the kept process's items are still in the catalog, and log rows per app in
     * the global views before and after it.
     */
    public record Lifecycle(UUID batchProcessId, int batchBlocks, int blocksDeleted, int processesDeleted,
                            boolean batchProcessInCatalog, boolean keptProcessInCatalog, Map<String, Long> logRowsBefore,
                            Map<String, Long> logRowsAfter) {
    }

    private final Path dataDirectory;
    private final int threads;
    private final int iterations;
    private final PrintStream out;

    public Demo(final Path dataDirectory, final int threads, final int iterations, final PrintStream out) {
        this.dataDirectory = dataDirectory;
        this.threads = threads;
        this.iterations = iterations;
        this.out = out;
    }

    /**
     * What a caller does while the demo's stack still runs, once its views are written (the
     * Athena check reads them through the stack's S3 endpoint).
     */
    @FunctionalInterface
    public interface WhileRunning {
        /** {@code views} holds DuckDB's copy of the live files; {@code viewsNow} is the views' clock. */
        void viewsWritten(EmbeddedStack stack, UUID processId, Path views, Instant viewsNow) throws Exception;

        /** Once the lifecycle a week later ran ({@code later} is its clock), before the stack stops. */
        default void lifecycleDone(EmbeddedStack stack, Instant later) throws Exception {
        }

        /** Settings of the stack beyond the demo's own. */
        default EmbeddedStack.Builder configure(final EmbeddedStack.Builder stack) {
            return stack;
        }

        /** When the scheduled views split a window between worker invocations (by default never: the demo's are small). */
        default SplitSettings viewsSplit() {
            return SplitSettings.UNSPLIT;
        }
    }

    public Report run() throws Exception {
        return run((stack, processId, views, viewsNow) -> { });
    }

    public Report run(final WhileRunning whileRunning) throws Exception {
        final Path views = dataDirectory.resolve("views");
        Files.createDirectories(dataDirectory);
        Directories.deleteRecursively(views);
        final Clock clock = Clock.systemUTC();
        try (EmbeddedStack stack = whileRunning.configure(EmbeddedStack.builder().workRoot(dataDirectory)
            .notificationPollInterval(Duration.ZERO).lakeobsFunctions(clock)).start()) {
            final TableNames tables = TableNames.withPrefix(stack.tablePrefix());
            final ApiKeyToken key = new ApiKeyCommand(new ApiKeyCatalog(stack.dynamoDb(), tables), clock, new SecureRandom(),
                new PrintStream(PrintStream.nullOutputStream())).create(1000).orElseThrow();
            out.println("stack     S3 " + stack.s3Endpoint() + ", ingest API " + stack.ingestUri() + ", API key " + key.keyId());

            final SampleWorkload workload = new SampleWorkload(threads, iterations);
            final Uploader uploader = Uploader.builder().endpoint(stack.ingestUri()).apiKey(key.value()).build();
            final TracingRuntime tracing = uploader.configure(Tracing.builder()).processProperty("app", "lakeobs-demo")
                .shutdownHook(false).install(); // default rings: the workload's bursts fit since issue 21
            final UUID processId = tracing.processInfo().processId();
            final SampleWorkload.Counts recorded;
            try {
                recorded = workload.run();
            } finally {
                tracing.shutdown(Duration.ofSeconds(60)); // seals every stream; the uploader drains before returning
            }
            final UploaderStats stats = uploader.stats();
            final UUID batchId = BatchJob.run(stack.ingestUri(), key.value(), BATCH_ROWS);
            out.printf("recorded  %d events on %d threads: %d logs, %d metrics, %d span events (%d dropped by tracing)%n",
                recorded.total(), threads, recorded.logs(), recorded.metrics(), recorded.spanEvents(),
                tracing.droppedEvents(io.lakeobs.tracing.sink.StreamKind.LOG)
                    + tracing.droppedEvents(io.lakeobs.tracing.sink.StreamKind.METRICS)
                    + tracing.droppedEvents(io.lakeobs.tracing.sink.StreamKind.SPANS));
            out.printf("uploaded  %d blocks, %d events, %d bytes; %d dropped, %d retries, %d registrations%n",
                stats.blocksSent(), stats.eventsSent(), stats.bytesSent(), stats.blocksDropped(), stats.retries(),
                stats.registrations());

            final int deliveries = stack.deliverPendingNotifications();
            final BlockCensus census = BlockCensus.of(stack.s3(), stack.rawBucket(), processId.toString(),
                SampleWorkload.TARGET_PREFIX);
            final int indexed = new BlockCatalog(stack.dynamoDb(), tables).blocksOfProcess(processId).size();
            out.printf("S3        %d block objects, %d bytes, %d events decoded (%d of the workload), %.1f bytes/event%n",
                census.blockKeys().size(), census.bytes(), census.events(), census.workloadEvents(),
                census.events() == 0 ? 0.0 : (double) census.bytes() / census.events());
            out.printf("catalog   %d blocks indexed from %d notifications%n", indexed, deliveries);
            final int batchBlocks = new BlockCatalog(stack.dynamoDb(), tables).blocksOfProcess(batchId).size();
            out.printf("batch     a second process (app=%s): %d rows imported, no error, %d blocks%n", BatchJob.APP, BATCH_ROWS,
                batchBlocks);

            // the views and the sampler: the scheduled jobs' clock is past the lateness window, so this minute is closed
            final ViewsConfig config = ViewsConfig.fromEnv(Map.of(ViewsConfig.VIEWS_BUCKET, stack.viewsBucket()), tables,
                stack.rawBucket());
            final Clock viewsClock = Clock.offset(clock, config.lateness().plusMinutes(2));
            final List<String> decisions = sample(stack, viewsClock);
            final var global = stack.viewsRuntime(config, viewsClock, Deadlines.defaults(), whileRunning.viewsSplit()).global().run();
            final long start = tracing.processInfo().startTimeNanos() / 1_000_000;
            final var onDemand = stack.viewsRuntime(Principals.ON_DEMAND_ETL, config, viewsClock).onDemand().run(new OnDemandEtl.Request(processId, null, start - 60_000,
                clock.millis() + 60_000));
            out.printf("views     global: %d windows, %d blocks read; on demand (process): %d partitions, %d blocks read%n",
                global.windowsWritten(), global.blocksRead(), onDemand.partitions().size(), onDemand.blocksRead());

            final Map<String, Long> files = copyLiveFiles(new ViewStore(stack.s3(), stack.viewsBucket()), views, processId,
                clock.millis(), viewsClock.millis());
            out.println("files     live Parquet files copied to " + views + ": " + files);
            try (LocalQuery query = new LocalQuery(views)) {
                final Map<String, Long> rows = new LinkedHashMap<>();
                for (final String view : query.views()) {
                    rows.put(view, query.count("SELECT count(*) FROM " + view));
                }
                // each event row carries its recording thread, from the stream the tracing library announced
                final String withThread = " AND thread_name <> '' AND thread_id IS NOT NULL";
                final long logRows = query.count("SELECT count(*) FROM log_entries WHERE target LIKE 'demo.%'" + withThread);
                final long measureRows = query.count("SELECT count(*) FROM measures WHERE target LIKE 'demo.%'" + withThread);
                final long spanRows = query.count("SELECT count(*) FROM thread_spans WHERE target LIKE 'demo.%'");
                out.println("rows      " + rows);
                for (final String sql : LocalQuery.EXAMPLES) {
                    out.println();
                    out.println("sql> " + sql);
                    query.print(sql, out);
                }
                whileRunning.viewsWritten(stack, processId, views, viewsClock.instant());
                final Map<String, Long> before = logRowsByApp(query);
                final Lifecycle lifecycle = weekLater(stack, config, viewsClock, batchId, batchBlocks, before,
                    dataDirectory.resolve("views-a-week-later"), processId, whileRunning);
                return new Report(processId, recorded, stats, census, indexed, decisions, rows, logRows, measureRows, spanRows,
                    views, lifecycle);
            }
        }
    }

    /**
     * Tail sampling as deployed: the sampler function on the scheduled event AWS sends, then its
     * dry run over the last hour. Prints and returns the decisions (rule, process, window, reason).
     */
    private List<String> sample(final EmbeddedStack stack, final Clock clock) throws Exception {
        final FunctionClients own = stack.clients(Principals.SAMPLER);
        final LifecycleRuntime lifecycle = new LifecycleRuntime(own.s3(), own.dynamoDb(), stack.functionConfig(),
            LifecycleConfig.fromEnv(Map.of(LifecycleConfig.SAMPLING_POLICY, SAMPLING_POLICY)), Materializer.NONE, clock);
        final SamplerHandler sampler = new SamplerHandler(lifecycle.sampler(), lifecycle.policy(), clock, Metrics.none());
        final JsonNode run = JSON.readTree(stack.runScheduled(sampler, EmbeddedStack.scheduledEvent("lakeobs-sampler",
            clock.instant())));
        final List<String> decisions = new java.util.ArrayList<>();
        for (final JsonNode d : run.path("decisions")) {
            decisions.add(String.format("%-6s keeps %s of %s (%s): %s", d.path("rule").asText(),
                d.path("from").asText().equals("whole process") ? "the whole process"
                    : "[" + d.path("from").asText() + ", " + d.path("to").asText() + ")",
                d.path("process_id").asText(), d.path("change").asText(), d.path("reason").asText()));
        }
        out.printf("sampling  %d blocks of %d processes examined, %d decisions%n", run.path("blocks_examined").asInt(),
            run.path("processes_examined").asInt(), decisions.size());
        decisions.forEach(d -> out.println("          " + d));
        final Map<String, Object> dryRunRequest = Map.of("dry_run", true,
            "from", clock.instant().minus(Duration.ofHours(1)).toString(), "to", clock.instant().toString());
        final JsonNode dryRun = JSON.readTree(stack.runScheduled(sampler, JSON.writeValueAsString(dryRunRequest)));
        dryRun.path("table").asText().lines().forEach(line -> out.println("          " + line));
        return decisions;
    }

    /**
     * Moves the clock past the raw deadline of today's blocks: retention (the function, on its
     * scheduled event) deletes what no decision keeps, the views drop those rows, and the same SQL
     * shows the kept process whole and the other gone.
     */
    private Lifecycle weekLater(final EmbeddedStack stack, final ViewsConfig config, final Clock clock, final UUID batchId,
                                final int batchBlocks, final Map<String, Long> before, final Path views, final UUID processId,
                                final WhileRunning whileRunning) throws Exception {
        final Deadlines deadlines = Deadlines.defaults();
        final Clock later = Clock.offset(clock, Duration.ofMillis(deadlines.deadline(clock.millis(), false) - clock.millis())
            .plus(config.lateness()).plusMinutes(2));
        out.println();
        out.printf("lifecycle %s later: past the raw deadline (%d days, whole UTC days by insert time)%n",
            Duration.ofMillis(later.millis() - clock.millis()).toDays() + " days", deadlines.raw().toDays());
        final FunctionClients own = stack.clients(Principals.RETENTION);
        final LifecycleRuntime lifecycle = new LifecycleRuntime(own.s3(), own.dynamoDb(), stack.functionConfig(),
            LifecycleConfig.fromEnv(Map.of(LifecycleConfig.SAMPLING_POLICY, SAMPLING_POLICY,
                EnvVars.VIEWS_BUCKET, stack.viewsBucket())), Materializer.NONE, later);
        final JsonNode retention = JSON.readTree(stack.runScheduled(new RetentionHandler(lifecycle.retention(), lifecycle.deletion(), Metrics.none()),
            EmbeddedStack.scheduledEvent("lakeobs-retention", later.instant())));
        final int deleted = retention.path("blocks_deleted").asInt();
        out.printf("retention deleted %d blocks (%d bytes) that no decision keeps; kept ones stay 90 days%n", deleted,
            retention.path("raw_pass").path("expired_bytes").asLong());
        final int processesDeleted = retention.path("process_pass").path("expired").asInt();
        out.printf("retention then deleted %d idle process(es) with their streams; %d orphaned objects%n", processesDeleted,
            retention.path("orphan_pass").path("expired").asInt());
        final ProcessCatalog catalog = new ProcessCatalog(stack.dynamoDb(), stack.functionConfig().tables(), later,
            stack.functionConfig().retention());
        final var global = stack.viewsRuntime(config, later, Deadlines.defaults(), whileRunning.viewsSplit()).global().run();
        out.printf("views     %d windows derived again without the expired rows (%d kept blocks read again)%n",
            global.windowsWritten() + global.rederived(), global.blocksRead());
        Directories.deleteRecursively(views);
        copyLiveFiles(new ViewStore(stack.s3(), stack.viewsBucket()), views, processId, clock.millis(), later.millis());
        try (LocalQuery query = new LocalQuery(views)) {
            out.println();
            out.println("sql> " + LOG_ROWS_BY_APP);
            query.print(LOG_ROWS_BY_APP, out);
            whileRunning.lifecycleDone(stack, later.instant());
            return new Lifecycle(batchId, batchBlocks, deleted, processesDeleted, catalog.get(batchId).isPresent(),
                catalog.get(processId).isPresent(), before, logRowsByApp(query));
        }
    }


    private static final String LOG_ROWS_BY_APP =
        "SELECT process_properties['app'] AS app, count(*) AS logs FROM log_entries GROUP BY ALL ORDER BY app";

    private static Map<String, Long> logRowsByApp(final LocalQuery query) throws java.sql.SQLException {
        final Map<String, Long> rows = new LinkedHashMap<>();
        for (final String app : List.of("lakeobs-demo", BatchJob.APP)) {
            rows.put(app, query.count("SELECT count(*) FROM log_entries WHERE process_properties['app'] = '" + app + "'"));
        }
        return rows;
    }

    /** The live files of the global views over both instants' days, and the process's on-demand ones. */
    private static Map<String, Long> copyLiveFiles(final ViewStore store, final Path target, final UUID processId,
                                                   final long nowMillis, final long viewsNowMillis) throws Exception {
        final LiveViewFiles files = new LiveViewFiles(store);
        final Map<String, Long> counts = new LinkedHashMap<>(files.global(target, nowMillis, viewsNowMillis));
        counts.putAll(files.instance(target, processId.toString(), PROCESS_VIEWS));
        return counts;
    }
}
