package io.lakeobs.tests.virtualthreads;

import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.functions.views.OnDemandEtl;
import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.ViewsConfig;
import io.lakeobs.functions.views.catalog.ViewStore;
import io.lakeobs.local.EmbeddedStack;
import io.lakeobs.local.demo.LocalQuery;
import io.lakeobs.local.iam.Principals;
import io.lakeobs.local.query.LiveViewFiles;
import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.SpanScope;
import io.lakeobs.tracing.SpanSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.tracing.testing.VirtualThreadExecutors;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.uploader.Uploader;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 21 end to end: thousands of virtual threads, sharing 4 stripes, record logs and nested
 * spans (yielding inside them, so their events interleave in the shared streams) through the real
 * uploader into the embedded stack; the on-demand views of the process then hold every log and
 * every span once, each row on its own virtual thread's id, each inner span the child of its own
 * thread's outer span. Checked by SQL over the live Parquet files.
 */
class ViewsOfVirtualThreadsOnVirtualThreadsTest {
    static final LogCallSite STEP = Tracing.logSite(Level.INFO, "vt.Work", "task {} step {}", "Work.java", 1);
    static final SpanSite OUTER = Tracing.spanSite("outer", "vt.Work", "Work.java", 2);
    static final SpanSite INNER = Tracing.spanSite("inner", "vt.Work", "Work.java", 3);
    private static final int TASKS = 3_000;

    @Test
    void everyEventInTheViewsOnItsVirtualThreadWithItsOwnNesting() throws Exception {
        assumeTrue(VirtualThreadExecutors.available(), VirtualThreadExecutors.SKIPPED);
        final Path data = Files.createDirectories(Path.of("target", "virtual-threads-e2e-" + UUID.randomUUID())).toAbsolutePath();
        final Clock clock = Clock.systemUTC();
        try (EmbeddedStack stack = EmbeddedStack.builder().workRoot(data).notificationPollInterval(Duration.ZERO)
            .lakeobsFunctions(clock).start()) {
            final TableNames tables = TableNames.withPrefix(stack.tablePrefix());
            final String key = new ApiKeyCommand(new ApiKeyCatalog(stack.dynamoDb(), tables), clock, new SecureRandom(),
                new PrintStream(PrintStream.nullOutputStream())).create(1000).orElseThrow().value();
            final Uploader uploader = Uploader.builder().endpoint(stack.ingestUri()).apiKey(key).build();
            final TracingRuntime tracing = uploader.configure(Tracing.builder()).processProperty("app", "virtual")
                .virtualThreadStripes(4).shutdownHook(false).install();
            final UUID processId = tracing.processInfo().processId();
            try {
                runTasks();
            } finally {
                tracing.shutdown(Duration.ofSeconds(60));
            }
            for (final StreamKind kind : StreamKind.values()) {
                assertThat(tracing.droppedEvents(kind)).as("dropped " + kind).isZero();
            }
            assertThat(uploader.stats().blocksDropped()).isZero();

            stack.deliverPendingNotifications();
            final ViewsConfig config = ViewsConfig.fromEnv(Map.of(ViewsConfig.VIEWS_BUCKET, stack.viewsBucket()), tables,
                stack.rawBucket());
            final Clock viewsClock = Clock.offset(clock, config.lateness().plusMinutes(2));
            final long start = tracing.processInfo().startTimeNanos() / 1_000_000;
            stack.viewsRuntime(Principals.ON_DEMAND_ETL, config, viewsClock).onDemand()
                .run(new OnDemandEtl.Request(processId, null, start - 60_000, clock.millis() + 60_000));
            new LiveViewFiles(new ViewStore(stack.s3(), stack.viewsBucket())).instance(data.resolve("views"),
                processId.toString(), List.of(View.THREAD_SPANS, View.LOG_ENTRIES));
        }
        try (LocalQuery query = new LocalQuery(data.resolve("views"))) {
            assertThat(query.count("SELECT count(*) FROM log_entries WHERE target = 'vt.Work'")).isEqualTo(3L * TASKS);
            assertThat(query.count("SELECT count(DISTINCT thread_id) FROM log_entries WHERE target = 'vt.Work'"))
                .as("each virtual thread its own id").isEqualTo(TASKS);
            assertThat(query.count("SELECT count(*) FROM (SELECT regexp_extract(msg, 'task (\\d+)', 1) AS task, "
                + "count(DISTINCT thread_id) AS threads, count(*) AS n FROM log_entries WHERE target = 'vt.Work' GROUP BY 1) "
                + "WHERE threads = 1 AND n = 3")).as("a task's three logs on one thread").isEqualTo(TASKS);
            assertThat(query.count("SELECT count(*) FROM thread_spans WHERE target = 'vt.Work'")).isEqualTo(2L * TASKS);
            assertThat(query.count("SELECT count(*) FROM thread_spans i JOIN thread_spans o ON i.stream_id = o.stream_id "
                + "AND i.parent = o.id WHERE i.depth = 1 AND o.depth = 0 AND o.parent = 0 AND i.thread_id = o.thread_id "
                + "AND o.name = 'outer' AND i.name LIKE 'inner %' "
                + "AND i.begin_ns >= o.begin_ns AND i.end_ns <= o.end_ns"))
                .as("every inner span is the child of its own thread's outer span").isEqualTo(TASKS);
            assertThat(query.count("SELECT count(*) FROM thread_spans s JOIN log_entries l ON s.thread_id = l.thread_id "
                + "WHERE s.depth = 1 AND l.msg = 'task ' || substr(s.name, 7) || ' step 1'"))
                .as("an inner span and its task's log on the same virtual thread").isEqualTo(TASKS);
        }
    }

    /** Each task: a log, then outer { log, inner "inner <task>" { log } }, yielding inside both spans. */
    private static void runTasks() throws InterruptedException {
        final ExecutorService executor = VirtualThreadExecutors.newPerTask();
        for (int t = 0; t < TASKS; t++) {
            final int task = t;
            executor.execute(() -> {
                STEP.log(task, 0);
                try (SpanScope outer = OUTER.enter()) {
                    Thread.yield();
                    STEP.log(task, 1);
                    try (SpanScope inner = INNER.enter("inner " + task)) {
                        Thread.yield();
                        STEP.log(task, 2);
                    }
                }
            });
        }
        executor.shutdown();
        assertThat(executor.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    }
}
