package io.lakeobs.functions.views.split;

import io.lakeobs.functions.core.partitions.Partition;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.testing.LocalAws;
import io.lakeobs.functions.core.testing.MutableClock;
import io.lakeobs.functions.views.DuckDb;
import io.lakeobs.functions.views.GlobalViews;
import io.lakeobs.functions.views.Seeder;
import io.lakeobs.functions.views.TestBlocks;
import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.ViewPartHandler;
import io.lakeobs.functions.views.ViewsConfig;
import io.lakeobs.functions.views.ViewsRuntime;
import io.lakeobs.functions.views.catalog.ViewStore;
import io.lakeobs.functions.views.etl.EtlOutput;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.ViewEtl;
import io.lakeobs.functions.views.parquet.ParquetSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.lakeobs.functions.views.TestBlocks.START_TICKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Windows over the part budget, split between 4 parallel in-process workers (through the worker
 * handler's JSON maps, as Lambda invokes it): the same rows as the unsplit ETL, a failing worker
 * retried, and crashes between the parts' uploads and the manifest that never show a partial window.
 */
class SplitWindowsTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final long DAY = Instant.parse("2026-11-21T00:00:00Z").toEpochMilli();
    private static final long WINDOW = T0.toEpochMilli();
    /** 8 log blocks and 4 metric blocks of 50 events; 150 events a part: 4 parts. */
    private static final SplitSettings SPLIT = new SplitSettings(150, Long.MAX_VALUE, 4, 2);
    private final UUID process = new UUID(7, 1);
    private final UUID logs = new UUID(8, 1);
    private final UUID metrics = new UUID(8, 2);
    private final MutableClock clock = new MutableClock(T0);
    @TempDir
    Path directory;
    private LocalAws aws;
    private DuckDb duck;
    private ViewStore views;
    private PartitionCatalog partitions;
    private int downloads;

    @BeforeEach
    void start() throws Exception {
        aws = new LocalAws();
        duck = new DuckDb();
        views = new ViewStore(aws.s3, LocalAws.VIEWS_BUCKET);
        partitions = new PartitionCatalog(aws.dynamoDb, aws.tables.partitions());
        final Seeder seed = new Seeder(aws, clock);
        seed.process(process, "app.jar");
        seed.stream(logs, process, "main");
        seed.stream(metrics, process, "main");
        for (int b = 0; b < 8; b++) {
            final TestBlocks.Builder builder = new TestBlocks.Builder();
            for (int i = 0; i < 50; i++) {
                builder.logArgs(START_TICKS + b * 1000L + i, i, "b" + b);
            }
            seed.block(builder.encode(process, logs, b * 50L, 0), T0.plusSeconds(1 + b).toEpochMilli());
        }
        for (int b = 0; b < 4; b++) {
            final TestBlocks.Builder builder = new TestBlocks.Builder();
            for (int i = 0; i < 50; i++) {
                builder.metric(START_TICKS + b * 1000L + i, b * 100L + i);
            }
            seed.block(builder.encode(process, metrics, b * 50L, 0), T0.plusSeconds(20 + b).toEpochMilli());
        }
        clock.set(T0.plus(Duration.ofMinutes(5)));
    }

    @AfterEach
    void stop() throws Exception {
        duck.close();
        aws.close();
    }

    private ViewsConfig config() {
        return new ViewsConfig(aws.tables, LocalAws.RAW_BUCKET, LocalAws.VIEWS_BUCKET, ViewsConfig.Policy.ALL,
            Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(15), 2000, 64L << 20, Duration.ofHours(1),
            ParquetSettings.DEFAULT, 128L << 20);
    }

    /** The runtime with its parts run by {@code around} the worker handler, as Lambda would invoke it (JSON maps). */
    private ViewsRuntime runtime(final java.util.function.BiFunction<PartRequest, ViewWorkers, PartResult> around) {
        return new ViewsRuntime(aws.s3, aws.dynamoDb, config(), clock, Deadlines.defaults(), SPLIT, worker -> {
            final ViewPartHandler handler = new ViewPartHandler(worker);
            final ViewWorkers viaJson = request -> PartResult.fromMap(handler.handleRequest(request.toMap(), null));
            return request -> around.apply(request, viaJson);
        });
    }

    private List<String> manifest(final View view) {
        return views.readManifest(ViewLayout.manifestKey(view.tableName(), ViewLayout.GLOBAL, DAY));
    }

    /** Every row of the files the day's manifest lists, sorted (DuckDB). */
    private List<String> visibleRows(final View view) throws Exception {
        final List<String> keys = manifest(view);
        if (keys.isEmpty()) {
            return List.of();
        }
        final List<String> files = new ArrayList<>();
        for (final String key : keys) {
            final Path file = directory.resolve("f" + (downloads++) + ".parquet");
            Files.write(file, views.get(key).orElseThrow(() -> new AssertionError("manifest lists a missing file " + key)));
            files.add("'" + file + "'");
        }
        return duck.rows("SELECT * FROM read_parquet([" + String.join(",", files) + "]) ORDER BY ALL");
    }

    /** The same window derived by the ETL in one piece, in memory. */
    private List<String> unsplitRows(final GlobalViews job, final View view) throws Exception {
        final List<SourceBlock> sources = job.sourcesFor(view, List.of(WINDOW));
        final EtlOutput output = new ViewEtl(ParquetSettings.DEFAULT).run(sources, EnumSet.of(view), block ->
            aws.unrecordedS3.getObjectAsBytes(b -> b.bucket(LocalAws.RAW_BUCKET).key(block.objectKey())).asByteArray());
        final String file = DuckDb.file(directory, "unsplit-" + view.tableName() + ".parquet", output.view(view).bytes());
        return duck.rows("SELECT * FROM read_parquet('" + file + "') ORDER BY ALL");
    }

    @Test
    void fourWorkersInParallelWriteExactlyTheRowsOfTheUnsplitWindow() throws Exception {
        final CountDownLatch allRunning = new CountDownLatch(4);
        final ViewsRuntime runtime = runtime((request, worker) -> {
            allRunning.countDown();
            try {
                // every part waits for the other three: only 4 parallel workers get past this
                assertThat(allRunning.await(120, TimeUnit.SECONDS)).as("4 parts running at once").isTrue();
            } catch (final InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return worker.run(request);
        });
        runtime.global().run();

        final Partition logItem = partitions.get("log_entries", ViewLayout.GLOBAL, WINDOW, WINDOW + 60_000).orElseThrow();
        final Partition measuresItem = partitions.get("measures", ViewLayout.GLOBAL, WINDOW, WINDOW + 60_000).orElseThrow();
        // log blocks fill parts 1-3 (150, 150, 100 events) and metrics part 4: parts without rows of a view have no file
        assertThat(logItem.fileKeys()).hasSize(3).allMatch(k -> k.matches(".*-p[123]of4\\.parquet"));
        assertThat(measuresItem.fileKeys()).hasSize(2);
        assertThat(logItem.rows()).isEqualTo(400);
        assertThat(measuresItem.rows()).isEqualTo(200);
        assertThat(manifest(View.LOG_ENTRIES)).containsExactlyElementsOf(logItem.fileKeys());
        assertThat(visibleRows(View.LOG_ENTRIES)).hasSize(400).isEqualTo(unsplitRows(runtime.global(), View.LOG_ENTRIES));
        assertThat(visibleRows(View.MEASURES)).hasSize(200).isEqualTo(unsplitRows(runtime.global(), View.MEASURES));
        assertThat(partitions.watermark("global")).contains(T0.plus(Duration.ofMinutes(3)).toEpochMilli());

        aws.requests.clear();
        runtime.global().run();
        assertThat(aws.writes()).as("a re-run writes nothing: %s", aws.requests).isZero();
    }

    @Test
    void aWorkerThatFailsIsRetriedAndTheWindowIsComplete() throws Exception {
        final Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final ViewsRuntime runtime = runtime((request, worker) -> {
            if (attempts.computeIfAbsent(request.part(), p -> new AtomicInteger()).incrementAndGet() == 1 && request.part() == 2) {
                throw new IllegalStateException("worker 2 crashed");
            }
            return worker.run(request);
        });
        runtime.global().run();
        assertThat(attempts.get(2)).hasValue(2);
        assertThat(attempts.get(1)).hasValue(1);
        assertThat(visibleRows(View.LOG_ENTRIES)).hasSize(400).isEqualTo(unsplitRows(runtime.global(), View.LOG_ENTRIES));
    }

    @Test
    void aPartThatFailsEveryAttemptPublishesNothingOfItsWindowAndTheNextRunCompletesIt() throws Exception {
        final ViewsRuntime failing = runtime((request, worker) -> {
            if (request.part() == 3) {
                throw new IllegalStateException("worker 3 out of memory");
            }
            return worker.run(request);
        });
        assertThatThrownBy(() -> failing.global().run()).hasMessageContaining("view part 3 of 4")
            .hasMessageContaining("failed 2 attempt(s)");
        // parts 1, 2 and 4 uploaded their files, but no item and no manifest names them
        assertThat(views.get(ViewLayout.partKey("log_entries", ViewLayout.GLOBAL, WINDOW, WINDOW + 60_000, View.SCHEMA_VERSION,
            hash(failing), 1, 4))).isPresent();
        assertThat(partitions.get("log_entries", ViewLayout.GLOBAL, WINDOW, WINDOW + 60_000)).isEmpty();
        assertThat(visibleRows(View.LOG_ENTRIES)).isEmpty();
        assertThat(partitions.watermark("global")).hasValueSatisfying(w -> assertThat(w).isLessThanOrEqualTo(WINDOW));

        final ViewsRuntime healthy = runtime((request, worker) -> worker.run(request));
        healthy.global().run();
        assertThat(visibleRows(View.LOG_ENTRIES)).hasSize(400).isEqualTo(unsplitRows(healthy.global(), View.LOG_ENTRIES));
    }

    @Test
    void aCrashBetweenThePartsAndTheManifestShowsNoPartialWindowAndTheNextRunFinishes() throws Exception {
        // every part is uploaded, then the run dies writing the window's first partition item
        final AtomicInteger done = new AtomicInteger();
        final ViewsRuntime crashing = runtime((request, worker) -> {
            final PartResult result = worker.run(request);
            if (done.incrementAndGet() == 4) {
                aws.failOn = r -> r.equals("DDB putItem");
            }
            return result;
        });
        assertThatThrownBy(() -> crashing.global().run()).hasMessageContaining("injected failure");
        aws.failOn = r -> false;
        assertThat(visibleRows(View.LOG_ENTRIES)).isEmpty();
        assertThat(visibleRows(View.MEASURES)).isEmpty();

        // then a run that dies writing the manifest, after the items
        aws.failOn = r -> r.startsWith("S3 PutObject manifests/log_entries/");
        final ViewsRuntime healthy = runtime((request, worker) -> worker.run(request));
        assertThatThrownBy(() -> healthy.global().run()).hasMessageContaining("injected failure");
        aws.failOn = r -> false;
        assertThat(partitions.get("log_entries", ViewLayout.GLOBAL, WINDOW, WINDOW + 60_000)).hasValueSatisfying(p ->
            assertThat(p.manifested()).isFalse());
        assertThat(visibleRows(View.LOG_ENTRIES)).isEmpty();

        healthy.global().run();
        assertThat(visibleRows(View.LOG_ENTRIES)).hasSize(400).isEqualTo(unsplitRows(healthy.global(), View.LOG_ENTRIES));
        assertThat(visibleRows(View.MEASURES)).hasSize(200).isEqualTo(unsplitRows(healthy.global(), View.MEASURES));
    }

    private static String hash(final ViewsRuntime runtime) {
        return io.lakeobs.functions.views.ViewPublisher.sourceHash(runtime.global().sourcesFor(View.LOG_ENTRIES, List.of(WINDOW)));
    }
}
