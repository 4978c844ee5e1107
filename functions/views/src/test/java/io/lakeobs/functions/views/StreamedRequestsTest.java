package io.lakeobs.functions.views;

import io.lakeobs.functions.core.partitions.Partition;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.testing.LocalAws;
import io.lakeobs.functions.core.testing.MutableClock;
import io.lakeobs.functions.views.catalog.ViewStore;
import io.lakeobs.functions.views.parquet.ParquetSettings;
import io.lakeobs.transit.telemetry.Level;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
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
import java.util.Random;
import java.util.UUID;

import static io.lakeobs.functions.views.TestBlocks.START_TICKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On-demand requests and backfills stream their files to S3 as the scheduled windows do: a file
 * larger than a part is a multipart upload whose parts go out while blocks are still read, and a
 * run that fails after a part was uploaded aborts the upload, leaving no object and the previous
 * file listed, its partition item unchanged.
 */
class StreamedRequestsTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final long DAY = Instant.parse("2026-11-21T00:00:00Z").toEpochMilli();
    private static final int BLOCKS = 20;
    private static final int PER_BLOCK = 4000;
    private final UUID process = new UUID(7, 1);
    private final UUID stream = new UUID(8, 1);
    private final MutableClock clock = new MutableClock(T0);
    private final Random random = new Random(3);
    @TempDir
    Path directory;
    private LocalAws aws;
    private Seeder seed;
    private DuckDb duck;
    private ViewStore views;
    private PartitionCatalog partitions;
    private ViewsRuntime runtime;
    private long offset;
    private String lastBlockKey;
    private int downloads;

    @BeforeEach
    void start() throws Exception {
        aws = new LocalAws();
        seed = new Seeder(aws, clock);
        duck = new DuckDb();
        views = new ViewStore(aws.s3, LocalAws.VIEWS_BUCKET);
        partitions = new PartitionCatalog(aws.dynamoDb, aws.tables.partitions());
        seed.process(process, "app.jar");
        seed.stream(stream, process, "main");
        // uncompressed, 1 MiB row groups: 80 000 rows of random words are about 13 MB, more than one 8 MiB part
        runtime = new ViewsRuntime(aws.s3, aws.dynamoDb, new ViewsConfig(aws.tables, LocalAws.RAW_BUCKET, LocalAws.VIEWS_BUCKET,
            ViewsConfig.Policy.ALL, Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(15), 2000, 64L << 20,
            Duration.ofHours(1), new ParquetSettings(CompressionCodecName.UNCOMPRESSED, 3, 1 << 20, 64 << 10, 64 << 10),
            1L << 30), clock, Deadlines.defaults());
        for (int b = 0; b < BLOCKS; b++) {
            logBlock();
        }
    }

    @AfterEach
    void stop() throws Exception {
        duck.close();
        aws.close();
    }

    /** A block of {@link #PER_BLOCK} logs of random words (incompressible enough), inserted in T0's minute. */
    private void logBlock() {
        final TestBlocks.Builder builder = new TestBlocks.Builder();
        for (int i = 0; i < PER_BLOCK; i++) {
            final StringBuilder message = new StringBuilder();
            for (int w = 0; w < 12; w++) {
                message.append(Long.toString(random.nextLong() >>> 1, 36)).append(' ');
            }
            builder.logDynamic(START_TICKS + (offset + i) * 10, Level.INFO, message.toString());
        }
        lastBlockKey = seed.block(builder.encode(process, stream, offset, 0), T0.plusSeconds(5).toEpochMilli()).objectKey();
        offset += PER_BLOCK;
    }

    private int openUploads() {
        return aws.unrecordedS3.listMultipartUploads(b -> b.bucket(LocalAws.VIEWS_BUCKET)).uploads().size();
    }

    private long rows(final List<String> keys) throws Exception {
        final List<String> files = new ArrayList<>();
        for (final String key : keys) {
            final Path file = directory.resolve("f" + (downloads++) + ".parquet");
            Files.write(file, views.get(key).orElseThrow(() -> new AssertionError("listed file missing: " + key)));
            files.add("'" + file + "'");
        }
        return duck.count("SELECT count(*) FROM read_parquet([" + String.join(",", files) + "])");
    }

    @Test
    void onDemandStreamsItsFilesAndAFailedRequestAbortsItsUploadAndKeepsThePreviousFile() throws Exception {
        final String instance = process.toString();
        final String manifest = ViewLayout.manifestKey("log_entries", instance, 0);
        final long from = TestBlocks.START_TIME / 1_000_000;
        final OnDemandEtl.Request request = new OnDemandEtl.Request(process, null, from, from + 60_000);

        runtime.onDemand().run(request);
        final List<String> listed = views.readManifest(manifest);
        assertThat(listed).singleElement().asString().contains("/instance=" + instance + "/");
        assertThat(aws.count("S3 UploadPart")).as("streamed in parts").isGreaterThanOrEqualTo(2);
        assertThat(aws.count("S3 CompleteMultipartUpload")).isOne();
        assertThat(aws.count("S3 PutObject views/")).as("no file uploaded whole").isZero();
        assertThat(rows(listed)).isEqualTo((long) BLOCKS * PER_BLOCK);
        final Partition before = partitions.get("log_entries", instance, from, from + 60_000).orElseThrow();

        // a new block changes the sources; its read, the last, fails after parts of the new file went out
        logBlock();
        aws.requests.clear();
        final String failing = lastBlockKey;
        aws.failOn = r -> r.equals("S3 GetObject " + failing);
        assertThatThrownBy(() -> runtime.onDemand().run(request)).hasMessageContaining("injected failure");
        aws.failOn = r -> false;
        assertThat(aws.count("S3 UploadPart")).as("a part was uploaded before the failure").isPositive();
        assertThat(aws.count("S3 AbortMultipartUpload")).isOne();
        assertThat(openUploads()).isZero();
        assertThat(aws.count("S3 PutObject manifests/")).isZero();
        assertThat(views.readManifest(manifest)).isEqualTo(listed);
        assertThat(partitions.get("log_entries", instance, from, from + 60_000)).contains(before);
        assertThat(aws.unrecordedS3.listObjectsV2(b -> b.bucket(LocalAws.VIEWS_BUCKET).prefix("views/log_entries/")).keyCount())
            .as("only the previous file").isOne();
        assertThat(rows(listed)).isEqualTo((long) BLOCKS * PER_BLOCK);

        runtime.onDemand().run(request);
        assertThat(rows(views.readManifest(manifest))).isEqualTo((long) (BLOCKS + 1) * PER_BLOCK);
    }

    @Test
    void backfillStreamsTheNewFileAndAFailedBackfillAbortsItsUploadAndKeepsTheOldFile() throws Exception {
        clock.set(T0.plus(Duration.ofMinutes(5)));
        runtime.global().run();
        final String manifest = ViewLayout.manifestKey("log_entries", ViewLayout.GLOBAL, DAY);
        final long begin = T0.toEpochMilli();
        // the minute as an older schema version wrote it: a version 1 item and file, listed
        final Partition current = partitions.get("log_entries", ViewLayout.GLOBAL, begin, begin + 60_000).orElseThrow();
        final String oldKey = current.fileKey().replace("-v" + View.SCHEMA_VERSION + "-", "-v1-");
        views.putFile(oldKey, views.get(current.fileKey()).orElseThrow());
        views.delete(List.of(current.fileKey()));
        final Partition old = new Partition(current.view(), current.instance(), begin, begin + 60_000, oldKey, current.rows(),
            current.bytes(), 1, current.sourceBlockCount(), current.sourceHash(), Partition.LIVE, current.updatedAtMillis(), true,
            current.sourceMinutes());
        partitions.put(old);
        runtime.publisher().refresh("log_entries", ViewLayout.GLOBAL, DAY, clock.millis());
        assertThat(views.readManifest(manifest)).containsExactly(oldKey);

        aws.requests.clear();
        aws.failOn = r -> r.equals("S3 GetObject " + lastBlockKey);
        assertThatThrownBy(() -> runtime.backfill().run(DAY, DAY + ViewLayout.DAY_MILLIS)).hasMessageContaining("injected failure");
        aws.failOn = r -> false;
        assertThat(aws.count("S3 UploadPart")).as("a part was uploaded before the failure").isPositive();
        assertThat(aws.count("S3 AbortMultipartUpload")).isOne();
        assertThat(openUploads()).isZero();
        assertThat(views.get(current.fileKey())).isEmpty();
        assertThat(partitions.get("log_entries", ViewLayout.GLOBAL, begin, begin + 60_000)).contains(old);
        assertThat(views.readManifest(manifest)).containsExactly(oldKey);
        assertThat(rows(List.of(oldKey))).isEqualTo((long) BLOCKS * PER_BLOCK);

        aws.requests.clear();
        assertThat(runtime.backfill().run(DAY, DAY + ViewLayout.DAY_MILLIS).rewritten()).hasSize(1);
        assertThat(aws.count("S3 UploadPart")).as("streamed in parts").isGreaterThanOrEqualTo(2);
        assertThat(aws.count("S3 PutObject views/")).as("no file uploaded whole").isZero();
        assertThat(views.readManifest(manifest)).containsExactly(current.fileKey());
        assertThat(rows(views.readManifest(manifest))).isEqualTo((long) BLOCKS * PER_BLOCK);
    }
}
