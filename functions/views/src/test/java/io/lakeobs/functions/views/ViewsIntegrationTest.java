package io.lakeobs.functions.views;

import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.views.etl.BlockMeta;
import io.lakeobs.functions.views.etl.BlockUnavailableException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import io.lakeobs.functions.core.catalog.Backoff;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.KeepDecision;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.testing.LocalAws;
import io.lakeobs.functions.core.testing.MutableClock;
import io.lakeobs.functions.core.partitions.Partition;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.views.catalog.ViewStore;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.lakeobs.functions.views.TestBlocks.START_TICKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ViewsIntegrationTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final long DAY = Instant.parse("2026-11-21T00:00:00Z").toEpochMilli();
    private final UUID process = new UUID(7, 1);
    private final UUID logs = new UUID(8, 1);
    private final UUID metrics = new UUID(8, 2);
    private final UUID spans = new UUID(8, 3);
    private final MutableClock clock = new MutableClock(T0);
    @TempDir
    Path directory;
    private LocalAws aws;
    private Seeder seed;
    private DuckDb duck;
    private ViewStore views;
    private PartitionCatalog partitions;
    private long logOffset;
    private int downloads;

    @BeforeEach
    void start() throws Exception {
        aws = new LocalAws();
        seed = new Seeder(aws, clock);
        duck = new DuckDb();
        views = new ViewStore(aws.s3, LocalAws.VIEWS_BUCKET);
        partitions = new PartitionCatalog(aws.dynamoDb, aws.tables.partitions());
        seed.process(process, "app.jar");
        seed.stream(logs, process, "main");
        seed.stream(metrics, process, "main");
        seed.stream(spans, process, "worker");
    }

    @AfterEach
    void stop() throws Exception {
        duck.close();
        aws.close();
    }

    private ViewsConfig config(final long threshold) {
        return config(threshold, Duration.ofMinutes(15));
    }

    private ViewsConfig config(final long threshold, final Duration initialLookback) {
        return new ViewsConfig(aws.tables, LocalAws.RAW_BUCKET, LocalAws.VIEWS_BUCKET, ViewsConfig.Policy.ALL,
            Duration.ofMinutes(2), Duration.ofMinutes(10), initialLookback, 2000, threshold, Duration.ofHours(1),
            ParquetSettings.DEFAULT, 128L << 20);
    }

    private ViewsRuntime runtime(final ViewsConfig config) {
        return new ViewsRuntime(aws.s3, aws.dynamoDb, config, clock, Deadlines.defaults());
    }

    private void logBlock(final UUID process, final UUID stream, final int count, final Instant inserted) {
        final TestBlocks.Builder builder = new TestBlocks.Builder();
        for (int i = 0; i < count; i++) {
            builder.logArgs(START_TICKS + logOffset * 10 + i, i, "x");
        }
        seed.block(builder.encode(process, stream, logOffset, inserted.toEpochMilli()), inserted.toEpochMilli());
        logOffset += count;
    }

    /** Rows a query over the day's manifest sees (files downloaded from the views bucket, read by DuckDB). */
    private long visible(final String view, final long day) throws Exception {
        return visible(view, day, "true");
    }

    /** Rows of the day's manifest that satisfy {@code where}. */
    private long visible(final String view, final long day, final String where) throws Exception {
        final List<String> keys = views.readManifest(ViewLayout.manifestKey(view, ViewLayout.GLOBAL, day));
        return count(keys, where);
    }

    private long count(final List<String> keys) throws Exception {
        return count(keys, "true");
    }

    private long count(final List<String> keys, final String where) throws Exception {
        if (keys.isEmpty()) {
            return 0;
        }
        final List<String> files = new ArrayList<>();
        for (final String key : keys) {
            final byte[] bytes = views.get(key).orElseThrow(() -> new AssertionError("manifest lists a missing file " + key));
            final Path file = directory.resolve("f" + (downloads++) + ".parquet");
            Files.write(file, bytes);
            files.add("'" + file + "'");
        }
        return duck.count("SELECT count(*) FROM read_parquet([" + String.join(",", files) + "]) WHERE " + where);
    }

    /** The EventBridge event as AWS sends it (resources/events), mapped the way the Lambda runtime does. */
    private static com.amazonaws.services.lambda.runtime.events.ScheduledEvent scheduledEvent() throws Exception {
        final String json = new String(ViewsIntegrationTest.class.getResourceAsStream("/events/scheduled-event.json").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
        @SuppressWarnings("unchecked")
        final Map<String, Object> fields = (Map<String, Object>) com.fasterxml.jackson.jr.ob.JSON.std.anyFrom(json);
        final var event = new com.amazonaws.services.lambda.runtime.events.ScheduledEvent();
        event.setId((String) fields.get("id"));
        event.setSource((String) fields.get("source"));
        event.setDetailType((String) fields.get("detail-type"));
        event.setRegion((String) fields.get("region"));
        event.setAccount((String) fields.get("account"));
        event.setResources(((List<?>) fields.get("resources")).stream().map(Object::toString).toList());
        event.setTime(new org.joda.time.DateTime(java.time.Instant.parse((String) fields.get("time")).toEpochMilli(),
            org.joda.time.DateTimeZone.UTC));
        return event;
    }

    /**
     * The watermark moves after each published window: a run that fails in its third new window
     * keeps the first two as done (watermark at their end, their rows visible), and the next run
     * finishes the third.
     */
    @Test
    void theWatermarkMovesPerWindowSoAFailingWindowHoldsBackOnlyItself() throws Exception {
        final List<String> keys = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            final TestBlocks.Builder builder = new TestBlocks.Builder();
            for (int i = 0; i < 5; i++) {
                builder.logArgs(START_TICKS + logOffset * 10 + i, i, "x");
            }
            final var encoded = builder.encode(process, logs, logOffset, 0);
            logOffset += 5;
            keys.add(seed.block(encoded, T0.plus(Duration.ofMinutes(w)).plusSeconds(5).toEpochMilli()).objectKey());
        }
        final GlobalViews job = runtime(config(64L << 20)).global();
        clock.set(T0.plus(Duration.ofMinutes(5)));
        aws.failOn = r -> r.equals("S3 GetObject " + keys.get(2));
        assertThatThrownBy(job::run).hasMessageContaining("injected failure");
        aws.failOn = r -> false;
        assertThat(partitions.watermark(GlobalViews.JOB)).contains(T0.plus(Duration.ofMinutes(2)).toEpochMilli());
        assertThat(visible("log_entries", DAY)).isEqualTo(10);

        final GlobalViews.Report report = job.run();
        assertThat(partitions.watermark(GlobalViews.JOB)).contains(T0.plus(Duration.ofMinutes(3)).toEpochMilli());
        assertThat(report.toMillis()).isEqualTo(T0.plus(Duration.ofMinutes(3)).toEpochMilli());
        assertThat(visible("log_entries", DAY)).isEqualTo(15);
    }

    @Test
    void scheduledViewsAreIncrementalIdempotentAndKeepLateBlocks() throws Exception {
        logBlock(process, logs, 10, T0.plusSeconds(10));
        logBlock(process, logs, 10, T0.plusSeconds(20));
        final TestBlocks.Builder m = new TestBlocks.Builder();
        for (int i = 0; i < 6; i++) {
            m.metric(START_TICKS + i, i);
        }
        seed.block(m.encode(process, metrics, 0, 0), T0.plusSeconds(40).toEpochMilli());
        seed.block(new TestBlocks.Builder().begin(4, START_TICKS + 1).end(4, START_TICKS + 2).encode(process, spans, 0, 0),
            T0.plusSeconds(50).toEpochMilli());
        final GlobalViews job = runtime(config(64L << 20)).global();
        aws.requests.clear();

        clock.set(T0.plus(Duration.ofMinutes(5)));
        final List<String> metricLines = new java.util.ArrayList<>();
        final Map<String, Object> first = new ScheduledViewsHandler(job,
            new io.lakeobs.functions.core.metrics.Metrics("test", "views", clock, metricLines::add)).handleRequest(scheduledEvent(), null);
        assertThat(aws.count("S3 GetObject blocks/")).isEqualTo(3); // the span-only block is never read
        assertThat(first).containsEntry("blocks_read", 3).containsEntry("skipped_blocks", List.of());
        // one EMF line: windows published, the lag behind the run's clock, blocks skipped
        final Map<String, Object> line = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(metricLines.get(0));
        assertThat(metricLines).hasSize(1);
        assertThat(line).containsEntry("Function", "views").containsEntry("ViewsWindowsPublished", first.get("windows_written"))
            .containsEntry("BlocksSkipped", 0);
        assertThat(((Number) line.get("ViewsLag")).doubleValue())
            .isEqualTo((clock.millis() - ((Number) first.get("to")).longValue()) / 1000.0).isPositive();
        assertThat(visible("log_entries", DAY)).isEqualTo(20);
        assertThat(visible("measures", DAY)).isEqualTo(6);
        assertThat(visible("blocks", DAY)).isEqualTo(4); // the catalog view lists every block, spans included
        assertThat(visible("processes", DAY)).isEqualTo(1);
        assertThat(visible("processes", DAY, "owner_key_id = 'owner'")).as("the registering key, from the catalog").isEqualTo(1);
        assertThat(visible("streams", DAY)).isEqualTo(3);

        aws.requests.clear();
        job.run();
        assertThat(aws.writes()).as("a re-run writes nothing: %s", aws.requests).isZero();
        assertThat(aws.count("S3 GetObject")).isZero();

        logBlock(process, logs, 5, T0.plus(Duration.ofMinutes(4)).plusSeconds(10));
        aws.requests.clear();
        clock.set(T0.plus(Duration.ofMinutes(7)));
        job.run();
        assertThat(aws.requests.stream().filter(r -> r.startsWith("S3 GetObject blocks/")).toList()).hasSize(1);
        assertThat(visible("log_entries", DAY)).isEqualTo(25);

        // a block recorded long ago but indexed now: its insert time puts it in a later window
        final Partition before = partitions.get("log_entries", "global", T0.toEpochMilli(), T0.toEpochMilli() + 60_000).orElseThrow();
        logBlock(process, logs, 4, T0.plus(Duration.ofMinutes(6)).plusSeconds(30));
        clock.set(T0.plus(Duration.ofMinutes(9)));
        job.run();
        assertThat(visible("log_entries", DAY)).isEqualTo(29);
        assertThat(partitions.get("log_entries", "global", T0.toEpochMilli(), T0.toEpochMilli() + 60_000).orElseThrow())
            .isEqualTo(before);

        // a block whose object is gone (retention, or never uploaded) is skipped and reported; the window is written
        final long offset = logOffset;
        logBlock(process, logs, 3, T0.plus(Duration.ofMinutes(8)).plusSeconds(5));
        logBlock(process, logs, 2, T0.plus(Duration.ofMinutes(8)).plusSeconds(6));
        final var firstOfMinute = new io.lakeobs.functions.core.catalog.BlockCatalog(aws.dynamoDb, aws.tables)
            .blocksInsertedInMinute(T0.plus(Duration.ofMinutes(8))).stream()
            .filter(b -> b.header().objectOffset() == offset).findFirst().orElseThrow();
        aws.s3.deleteObject(b -> b.bucket(LocalAws.RAW_BUCKET).key(firstOfMinute.objectKey()));
        clock.set(T0.plus(Duration.ofMinutes(11)));
        final GlobalViews.Report report = job.run();
        assertThat(report.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.blockId()).isEqualTo(firstOfMinute.header().blockId());
            assertThat(skip.reason()).contains("block unavailable");
        });
        assertThat(visible("log_entries", DAY)).isEqualTo(31);
    }

    @Test
    void aDeniedBlockReadFailsTheRunUnlessTheCatalogNoLongerHoldsTheBlock() throws Exception {
        final BlockRecord record = seed.block(new TestBlocks.Builder().logArgs(START_TICKS, 1, "x").encode(process, logs, 0,
            T0.toEpochMilli()), T0.toEpochMilli());
        // S3Proxy answers 403 to a wrong secret, as S3 does to a role without s3:GetObject
        try (S3Client denied = S3Client.builder().endpointOverride(aws.s3.serviceClientConfiguration().endpointOverride().orElseThrow())
                 .forcePathStyle(true).region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                 .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "wrong"))).build()) {
            final BlockCatalog blocks = new BlockCatalog(aws.dynamoDb, aws.tables);
            final CatalogSource source = new CatalogSource(blocks, new ProcessCatalog(aws.dynamoDb, aws.tables, clock,
                Duration.ofDays(90)), new StreamCatalog(aws.dynamoDb, aws.tables, clock, new BlockStore(aws.s3, LocalAws.RAW_BUCKET),
                0), new BlockStore(denied, LocalAws.RAW_BUCKET), Deadlines.defaults(), clock);
            final BlockMeta meta = CatalogSource.blockMeta(record);
            assertThatThrownBy(() -> source.fetcher().fetch(meta)).as("the catalog holds the block: a broken grant, an error")
                .isNotInstanceOf(BlockUnavailableException.class).hasMessageContaining("403").hasMessageContaining(record.objectKey());
            blocks.delete(List.of(record), Backoff.NONE); // retention deleted it after the run listed it
            assertThatThrownBy(() -> source.fetcher().fetch(meta)).isInstanceOf(BlockUnavailableException.class)
                .hasMessageContaining("deleted");
        }
    }

    @Test
    void rollUpsCountEveryRowExactlyOnceDuringAndAfter() throws Exception {
        final Instant t22 = Instant.parse("2026-11-21T22:00:00Z");
        final Instant[] inserts = {t22.plusSeconds(65), t22.plusSeconds(130), t22.plus(Duration.ofMinutes(30)),
            t22.plus(Duration.ofMinutes(65)), t22.plus(Duration.ofMinutes(66))};
        for (final Instant insert : inserts) {
            logBlock(process, logs, 7, insert);
        }
        clock.set(Instant.parse("2026-11-22T00:20:00Z"));
        runtime(config(1, Duration.ofHours(3))).global().run(); // threshold 1 byte: nothing is merged
        assertThat(views.readManifest(ViewLayout.manifestKey("log_entries", "global", DAY))).hasSize(5);
        assertThat(visible("log_entries", DAY)).isEqualTo(35);

        // observe what a query would see before every write of the roll-up run, and crash once mid-way
        final List<Long> seen = new ArrayList<>();
        final int[] superseding = {0};
        aws.failOn = request -> {
            if (request.startsWith("S3 PutObject") || request.startsWith("DDB putItem") || request.startsWith("DDB updateItem")) {
                try {
                    seen.add(visible("log_entries", DAY));
                } catch (final Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return request.equals("DDB updateItem") && ++superseding[0] == 1;
        };
        final GlobalViews rollingUp = runtime(config(64L << 20, Duration.ofHours(3))).global();
        assertThatThrownBy(rollingUp::run).hasMessageContaining("injected failure");
        assertThat(visible("log_entries", DAY)).isEqualTo(35);
        rollingUp.run();
        aws.failOn = r -> false;
        assertThat(seen).isNotEmpty().allMatch(n -> n == 35);
        assertThat(views.readManifest(ViewLayout.manifestKey("log_entries", "global", DAY)))
            .singleElement().asString().contains("/" + DAY + "-" + (DAY + ViewLayout.DAY_MILLIS) + "-");
        assertThat(visible("log_entries", DAY)).isEqualTo(35);
        aws.requests.clear();
        rollingUp.run();
        assertThat(aws.writes()).as("%s", aws.requests).isZero();

        // retired files are deleted only after the grace period
        clock.set(Instant.parse("2026-11-22T02:00:00Z"));
        final GlobalViews.Report later = rollingUp.run();
        assertThat(later.filesDeleted()).isGreaterThanOrEqualTo(7); // 5 minute files, 2 hour files
        assertThat(visible("log_entries", DAY)).isEqualTo(35);
    }

    @Test
    void onDemandBuildsAProcessViewsMarksItKeptAndNeverEntersTheGlobalViews() throws Exception {
        final UUID other = new UUID(7, 2);
        final UUID otherLogs = new UUID(8, 9);
        seed.process(other, "other.jar");
        seed.stream(otherLogs, other, "main");
        logBlock(process, logs, 10, T0.plusSeconds(5));
        logBlock(other, otherLogs, 3, T0.plusSeconds(6));
        final TestBlocks.Encoded s0 = new TestBlocks.Builder().begin(4, START_TICKS + 10).begin(5, START_TICKS + 20)
            .encode(process, spans, 0, 0);
        final TestBlocks.Encoded s1 = new TestBlocks.Builder().end(5, START_TICKS + 30).end(4, START_TICKS + 40)
            .asyncBegin(1, 0, 0, START_TICKS + 41).asyncEnd(1, 0, 0, START_TICKS + 42).encode(process, spans, 2, 0);
        seed.block(s0, T0.plusSeconds(7).toEpochMilli());
        seed.block(s1, T0.plusSeconds(8).toEpochMilli());
        final ViewsRuntime runtime = runtime(config(64L << 20).withPolicy(ViewsConfig.Policy.KEPT));
        final OnDemandEtlHandler handler = new OnDemandEtlHandler(runtime.onDemand());
        aws.requests.clear();

        assertThatThrownBy(() -> handler.handleRequest(Map.of("process_id", "nope", "from", 0, "to", 1), null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("process_id");
        assertThatThrownBy(() -> handler.handleRequest(Map.of("process_id", UUID.randomUUID().toString(), "from", 0,
            "to", "2030-01-01T00:00:00Z"), null)).hasMessageContaining("unknown process");
        assertThatThrownBy(() -> handler.handleRequest(Map.of("process_id", process.toString(), "from", 10, "to", 5), null))
            .hasMessageContaining("time range");
        assertThat(aws.writes()).isZero();

        final long from = TestBlocks.START_TIME / 1_000_000;
        // a request whose blocks declare more than the on-demand limit is refused before any block is read
        final ViewsConfig c = config(64L << 20).withPolicy(ViewsConfig.Policy.KEPT);
        final OnDemandEtlHandler capped = new OnDemandEtlHandler(runtime(new ViewsConfig(c.tables(), c.bucket(), c.viewsBucket(),
            c.policy(), c.lateness(), c.lookback(), c.initialLookback(), c.maxWindowsPerRun(), c.rollupThresholdBytes(),
            c.garbageGrace(), c.parquet(), 100)).onDemand());
        assertThatThrownBy(() -> capped.handleRequest(Map.of("process_id", process.toString(), "from", from, "to", from + 60_000),
            null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ViewsConfig.ON_DEMAND_MAX_BYTES)
            .hasMessageContaining("uncompressed bytes");
        assertThat(aws.writes()).isZero();
        assertThat(aws.count("S3 GetObject blocks/")).isZero();

        final Map<String, Object> out = handler.handleRequest(Map.of("process_id", process.toString(), "from", from,
            "to", from + 60_000), null);
        assertThat(out.get("instance")).isEqualTo(process.toString());
        final List<String> instanceFiles = new ArrayList<>();
        for (final String view : List.of("thread_spans", "async_events", "log_entries")) {
            instanceFiles.addAll(views.readManifest(ViewLayout.manifestKey(view, process.toString(), 0)));
        }
        assertThat(instanceFiles).hasSize(3).allMatch(k -> k.contains("/instance=" + process + "/"));
        assertThat(count(views.readManifest(ViewLayout.manifestKey("thread_spans", process.toString(), 0)))).isEqualTo(2);
        assertThat(count(views.readManifest(ViewLayout.manifestKey("async_events", process.toString(), 0)))).isEqualTo(2);
        assertThat(count(views.readManifest(ViewLayout.manifestKey("log_entries", process.toString(), 0)))).isEqualTo(10);
        assertThat(seed.processes().get(process).orElseThrow().kept()).isTrue();
        assertThat(seed.processes().get(process).orElseThrow().onDemandInstances()).as("recorded for retention").containsExactly(process.toString());

        aws.requests.clear();
        handler.handleRequest(Map.of("process_id", process.toString(), "from", from, "to", from + 60_000), null);
        assertThat(aws.writes()).as("%s", aws.requests).isZero();

        // global views under the KEPT policy: only the kept process, in global files only
        clock.set(T0.plus(Duration.ofMinutes(5)));
        runtime.global().run();
        assertThat(visible("log_entries", DAY)).isEqualTo(10);
        assertThat(views.readManifest(ViewLayout.manifestKey("log_entries", "global", DAY)))
            .allMatch(k -> k.startsWith("views/log_entries/global/"));
    }

    @Test
    void expiredRowsLeaveTheViewsAtTheirDeadlineWithoutAnyDeletion() throws Exception {
        final UUID keptProcess = new UUID(7, 3);
        final UUID keptLogs = new UUID(8, 7);
        seed.process(keptProcess, "kept.jar");
        seed.stream(keptLogs, keptProcess, "main");
        final Deadlines deadlines = Deadlines.defaults();
        seed.processes().markKept(keptProcess, KeepDecision.wholeProcess("rate", "test", deadlines.keepFloor(T0.toEpochMilli()),
            T0.toEpochMilli()));
        logBlock(process, logs, 10, T0.plusSeconds(5));
        logBlock(keptProcess, keptLogs, 4, T0.plusSeconds(6));
        final ViewsRuntime runtime = runtime(config(64L << 20, Duration.ofHours(3)));
        clock.set(T0.plus(Duration.ofMinutes(5)));
        runtime.global().run();
        assertThat(visible("log_entries", DAY)).isEqualTo(14);
        assertThat(visible("blocks", DAY)).isEqualTo(2);

        // a minute before the raw deadline (the start of the 8th day after the insert day) nothing changes
        final long rawDeadline = DAY + Duration.ofDays(8).toMillis();
        clock.set(Instant.ofEpochMilli(rawDeadline - 60_000));
        assertThat(runtime.global().run().rederived()).isZero();
        assertThat(visible("log_entries", DAY)).isEqualTo(14);

        // at the deadline the day is derived again from what remains visible: the kept block only
        clock.set(Instant.ofEpochMilli(rawDeadline));
        final long objects = aws.s3.listObjectsV2(b -> b.bucket(LocalAws.RAW_BUCKET)).keyCount();
        final GlobalViews.Report atDeadline = runtime.global().run();
        assertThat(atDeadline.rederived()).isPositive();
        assertThat(atDeadline.blocksRead()).as("the extra ETL: the kept block, read once").isEqualTo(1);
        assertThat(visible("log_entries", DAY)).isEqualTo(4);
        assertThat(visible("blocks", DAY)).isEqualTo(1);
        assertThat(aws.s3.listObjectsV2(b -> b.bucket(LocalAws.RAW_BUCKET)).keyCount()).as("nothing deleted").isEqualTo(objects);
        assertThat(runtime.global().run().rederived()).as("once").isZero();

        // on demand: the expired process has nothing left, and asking cannot bring it back
        final long from = TestBlocks.START_TIME / 1_000_000;
        assertThat(runtime.onDemand().run(new OnDemandEtl.Request(process, null, from, from + 60_000)).blocksRead()).isZero();
        assertThat(count(views.readManifest(ViewLayout.manifestKey("log_entries", process.toString(), 0)))).isZero();
        assertThat(runtime.onDemand().run(new OnDemandEtl.Request(process, null, from, from + 60_000)).blocksRead()).isZero();
        assertThat(runtime.onDemand().run(new OnDemandEtl.Request(keptProcess, null, from, from + 60_000)).blocksRead()).isOne();

        // at the kept deadline the whole day goes
        clock.set(Instant.ofEpochMilli(DAY + Duration.ofDays(91).toMillis()));
        assertThat(runtime.global().run().expired()).isPositive();
        assertThat(visible("log_entries", DAY)).isZero();
        assertThat(visible("blocks", DAY)).isZero();
    }

    @Test
    void aBackfillKeepsAtItsOldVersionAPartitionWhoseBlocksAreGoneAndRewritesTheOthers() throws Exception {
        final long offset = logOffset;
        logBlock(process, logs, 4, T0.plusSeconds(5));
        logBlock(process, logs, 3, T0.plusSeconds(6));
        logBlock(process, logs, 6, T0.plusSeconds(65));
        clock.set(T0.plus(Duration.ofMinutes(5)));
        final ViewsRuntime runtime = runtime(config(64L << 20));
        runtime.global().run();
        assertThat(visible("log_entries", DAY)).isEqualTo(13);
        // both minutes as an older schema version wrote them: version 1 items and files, in the manifest
        final List<Partition> old = new ArrayList<>();
        for (final long minute : List.of(T0.toEpochMilli(), T0.toEpochMilli() + 60_000)) {
            final Partition p = partitions.get("log_entries", "global", minute, minute + 60_000).orElseThrow();
            final String oldKey = p.fileKey().replace("-v" + View.SCHEMA_VERSION + "-", "-v1-");
            views.putFile(oldKey, views.get(p.fileKey()).orElseThrow());
            views.delete(List.of(p.fileKey()));
            final Partition older = new Partition(p.view(), p.instance(), p.beginMillis(), p.endMillis(), oldKey, p.rows(),
                p.bytes(), 1, p.sourceBlockCount(), p.sourceHash(), Partition.LIVE, p.updatedAtMillis(), true, p.sourceMinutes());
            partitions.put(older);
            old.add(older);
        }
        runtime.publisher().refresh("log_entries", ViewLayout.GLOBAL, DAY, clock.millis());
        assertThat(views.readManifest(ViewLayout.manifestKey("log_entries", ViewLayout.GLOBAL, DAY)))
            .containsExactly(old.get(0).fileKey(), old.get(1).fileKey());
        // the first minute's block object is gone while the catalog still holds it
        final var gone = new BlockCatalog(aws.dynamoDb, aws.tables)
            .blocksInsertedInMinute(T0).stream().filter(b -> b.header().objectOffset() == offset).findFirst().orElseThrow();
        aws.s3.deleteObject(b -> b.bucket(LocalAws.RAW_BUCKET).key(gone.objectKey()));

        final Backfill.Report report = runtime.backfill().run(DAY, DAY + ViewLayout.DAY_MILLIS);

        assertThat(report.keptOld()).containsExactly(old.get(0));
        assertThat(report.rewritten()).extracting(Partition::beginMillis, Partition::schemaVersion)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(old.get(1).beginMillis(), View.SCHEMA_VERSION));
        assertThat(report.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.blockId()).isEqualTo(gone.header().blockId());
            assertThat(skip.unavailable()).isTrue();
        });
        assertThat(partitions.get("log_entries", "global", T0.toEpochMilli(), T0.toEpochMilli() + 60_000).orElseThrow())
            .as("kept as it was").isEqualTo(old.get(0));
        final String discarded = old.get(0).fileKey().replace("-v1-", "-v" + View.SCHEMA_VERSION + "-");
        assertThat(aws.count("S3 PutObject " + discarded)).as("written by the first run, then by the backfill").isEqualTo(2);
        assertThat(views.get(discarded))
            .as("the new file (3 of 7 rows), streamed before it was known to lose rows, is not left behind").isEmpty();
        // every row is still visible: the old file of the first minute beside the new file of the second
        assertThat(views.readManifest(ViewLayout.manifestKey("log_entries", ViewLayout.GLOBAL, DAY)))
            .contains(old.get(0).fileKey()).doesNotContain(old.get(1).fileKey()).hasSize(2);
        assertThat(visible("log_entries", DAY)).isEqualTo(13);
        final Map<String, Object> response = new BackfillHandler(runtime.backfill())
            .handleRequest(Map.of("from", DAY, "to", DAY + ViewLayout.DAY_MILLIS), null);
        assertThat(response).containsEntry("rewritten", 0);
        assertThat((List<?>) response.get("kept_at_old_version")).singleElement().asString().startsWith("log_entries [");
    }

    @Test
    void aDeletedProcessLeavesTheSharedGlobalFilesAndTheOthersRowsStay() throws Exception {
        final UUID other = new UUID(7, 4);
        final UUID otherLogs = new UUID(8, 6);
        seed.process(other, "other.jar");
        seed.stream(otherLogs, other, "main");
        logBlock(process, logs, 10, T0.plusSeconds(5));
        logBlock(other, otherLogs, 3, T0.plusSeconds(6));
        logBlock(process, logs, 5, T0.plusSeconds(70));
        final ViewsRuntime runtime = runtime(config(64L << 20, Duration.ofHours(3)));
        clock.set(T0.plus(Duration.ofMinutes(5)));
        runtime.global().run();
        assertThat(visible("log_entries", DAY)).isEqualTo(18);

        // what deletion on request does to the raw side: blocks gone, the minutes handed to the views
        final BlockCatalog blocks = new BlockCatalog(aws.dynamoDb, aws.tables);
        final List<BlockRecord> deleted = blocks.blocksOfProcess(process);
        new BlockStore(aws.s3, LocalAws.RAW_BUCKET).delete(deleted.stream().map(BlockRecord::objectKey).toList());
        blocks.delete(deleted, Backoff.NONE);
        partitions.requestRederive(deleted.stream().map(b -> GlobalViews.floor(b.insertTimeMillis(), 60_000)).toList());

        clock.set(T0.plus(Duration.ofMinutes(6)));
        assertThat(runtime.global().run().rederived()).isPositive();
        assertThat(visible("log_entries", DAY)).isEqualTo(3);
        assertThat(partitions.rederiveRequests()).isEmpty();
        // every file left in the views bucket, listed or not: no row of the deleted process
        final List<String> files = new ArrayList<>();
        aws.s3.listObjectsV2Paginator(b -> b.bucket(LocalAws.VIEWS_BUCKET).prefix("views/")).contents()
            .forEach(o -> files.add(o.key()));
        long rowsOfDeleted = 0;
        for (final String key : files) {
            final Path file = directory.resolve("all" + (downloads++) + ".parquet");
            Files.write(file, views.get(key).orElseThrow());
            rowsOfDeleted += duck.count("SELECT count(*) FROM read_parquet('" + file + "') WHERE CAST(process_id AS VARCHAR) = '"
                + process + "'");
        }
        assertThat(files).isNotEmpty();
        assertThat(rowsOfDeleted).isZero();
    }

    @Test
    void backfillRederivesPartitionsOfAnOlderSchemaVersion() throws Exception {
        logBlock(process, logs, 12, T0.plusSeconds(5));
        clock.set(T0.plus(Duration.ofMinutes(5)));
        final ViewsRuntime runtime = runtime(config(64L << 20));
        runtime.global().run();
        final Partition current = partitions.get("log_entries", "global", T0.toEpochMilli(), T0.toEpochMilli() + 60_000)
            .orElseThrow();
        final String version = "-v" + View.SCHEMA_VERSION + "-";
        partitions.put(new Partition(current.view(), current.instance(), current.beginMillis(), current.endMillis(),
            current.fileKey().replace(version, "-v0-"), current.rows(), current.bytes(), 0, current.sourceBlockCount(),
            current.sourceHash(), Partition.LIVE, current.updatedAtMillis(), true, current.sourceMinutes()));
        final Backfill.Report report = runtime.backfill().run(DAY, DAY + ViewLayout.DAY_MILLIS);
        assertThat(report.rewritten()).hasSize(1);
        assertThat(report.blocksRead()).isEqualTo(1);
        assertThat(partitions.get("log_entries", "global", T0.toEpochMilli(), T0.toEpochMilli() + 60_000).orElseThrow()
            .schemaVersion()).isEqualTo(View.SCHEMA_VERSION);
        assertThat(visible("log_entries", DAY)).isEqualTo(12);
        assertThat(partitions.retiredBefore(Long.MAX_VALUE)).extracting(Map.Entry::getValue)
            .contains(current.fileKey().replace(version, "-v0-"));
        assertThat(runtime.backfill().run(DAY, DAY + ViewLayout.DAY_MILLIS).rewritten()).isEmpty();
        assertThatThrownBy(() -> new BackfillHandler(runtime.backfill()).handleRequest(Map.of("from", "yesterday", "to", 1), null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");

        // retention: an expired partition leaves the manifest at once; its file is deleted after the grace period
        final Partition live = partitions.get("log_entries", "global", T0.toEpochMilli(), T0.toEpochMilli() + 60_000).orElseThrow();
        runtime.publisher().expire(live, clock.millis());
        assertThat(visible("log_entries", DAY)).isZero();
        assertThat(views.get(live.fileKey())).isPresent();
        clock.advance(Duration.ofHours(2));
        runtime.publisher().collectGarbage(clock.millis(), Duration.ofHours(1).toMillis());
        assertThat(views.get(live.fileKey())).isEmpty();
        aws.requests.clear();
        runtime.global().run();
        assertThat(visible("log_entries", DAY)).as("an expired partition is not derived again").isZero();
    }
}
