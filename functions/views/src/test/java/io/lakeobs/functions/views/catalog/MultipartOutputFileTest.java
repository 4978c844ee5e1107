package io.lakeobs.functions.views.catalog;

import io.lakeobs.functions.core.testing.LocalAws;
import io.lakeobs.functions.views.DuckDb;
import io.lakeobs.functions.views.TestBlocks;
import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.etl.BlockFetcher;
import io.lakeobs.functions.views.etl.EtlOutput;
import io.lakeobs.functions.views.etl.ProcessMeta;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.StreamMeta;
import io.lakeobs.functions.views.etl.ViewEtl;
import io.lakeobs.functions.views.parquet.ParquetSettings;
import io.lakeobs.transit.telemetry.Level;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.PositionOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultipartOutputFileTest {
    private static final int PART = MultipartOutputFile.MIN_PART_BYTES;
    private LocalAws aws;
    @TempDir
    Path directory;

    @BeforeEach
    void start() throws Exception {
        aws = new LocalAws();
    }

    @AfterEach
    void stop() throws Exception {
        aws.close();
    }

    private static byte[] random(final int size) {
        final byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    private ViewStore store() {
        return new ViewStore(aws.s3, LocalAws.VIEWS_BUCKET, PART);
    }

    private int openUploads() {
        return aws.unrecordedS3.listMultipartUploads(b -> b.bucket(LocalAws.VIEWS_BUCKET)).uploads().size();
    }

    @Test
    void aFileLargerThanAPartIsUploadedInPartsAndAppearsOnlyWhenCommitted() throws Exception {
        final byte[] bytes = random(2 * PART + 12345);
        final MultipartOutputFile file = store().openFile("views/x/a.parquet");
        final PositionOutputStream out = file.create(0);
        out.write(bytes, 0, 1000);
        out.write(bytes[1000]);
        out.write(bytes, 1001, bytes.length - 1001);
        assertThat(out.getPos()).isEqualTo(bytes.length);
        assertThat(file.partsUploaded()).isEqualTo(2);
        assertThat(store().get("views/x/a.parquet")).isEmpty(); // parts are not an object
        assertThat(openUploads()).isEqualTo(1);
        file.commit();
        assertThat(store().get("views/x/a.parquet")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes));
        assertThat(aws.requests.stream().filter(r -> !r.startsWith("S3 GetObject"))).containsExactly("S3 CreateMultipartUpload",
            "S3 UploadPart", "S3 UploadPart", "S3 UploadPart", "S3 CompleteMultipartUpload");
        assertThat(openUploads()).isZero();
        assertThat(file.size()).isEqualTo(bytes.length);
    }

    @Test
    void aFileSmallerThanAPartIsOnePut() {
        final byte[] bytes = random(4321);
        final MultipartOutputFile file = store().openFile("views/x/small.parquet");
        try (PositionOutputStream out = file.create(0)) {
            out.write(bytes);
        } catch (final IOException e) {
            throw new AssertionError(e);
        }
        file.commit();
        assertThat(aws.requests).containsExactly("S3 PutObject views/x/small.parquet");
        assertThat(store().get("views/x/small.parquet")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes));
    }

    @Test
    void aFailedPartAbortsTheUploadAndLeavesNoObject() throws Exception {
        final byte[] bytes = random(3 * PART);
        final MultipartOutputFile file = store().openFile("views/x/failed.parquet");
        final PositionOutputStream out = file.create(0);
        out.write(bytes, 0, PART);
        aws.failOn = r -> r.equals("S3 UploadPart");
        assertThatThrownBy(() -> out.write(bytes, PART, PART)).isInstanceOf(IOException.class)
            .hasMessageContaining("cannot upload part 2 of s3://views/views/x/failed.parquet");
        aws.failOn = r -> false;
        assertThat(aws.requests).endsWith("S3 AbortMultipartUpload");
        assertThat(openUploads()).isZero();
        assertThatThrownBy(() -> out.write(bytes, 0, 1)).isInstanceOf(IOException.class).hasMessageContaining("aborted");
        assertThatThrownBy(file::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("aborted");
        assertThat(store().get("views/x/failed.parquet")).isEmpty();
    }

    @Test
    void aPartBelowS3sMinimumIsRefusedNamingTheMinimum() {
        assertThatThrownBy(() -> new ViewStore(aws.s3, LocalAws.VIEWS_BUCKET, 1 << 20))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 5242880 bytes").hasMessageContaining("1048576");
    }

    /**
     * The ETL uploads parts while it still reads blocks (row groups of 1 MiB flushed as they fill),
     * so what it holds is a row group and a part, not the file; the object is a valid Parquet file
     * with every row; a run that fails midway aborts its upload.
     */
    @Test
    void theEtlStreamsRowGroupsToS3WhileReadingAndAbortsOnFailure() throws Exception {
        final UUID processId = new UUID(1, 1);
        final UUID streamId = new UUID(2, 1);
        final ProcessMeta process = TestBlocks.process(processId, "app.jar", TestBlocks.FREQUENCY);
        final StreamMeta stream = TestBlocks.stream(streamId, processId, "main");
        final Map<UUID, byte[]> blocks = new HashMap<>();
        final List<SourceBlock> sources = new ArrayList<>();
        final Random random = new Random(3);
        long ticks = TestBlocks.START_TICKS;
        final int perBlock = 4000;
        for (int b = 0; b < 16; b++) {
            final TestBlocks.Builder builder = new TestBlocks.Builder();
            for (int i = 0; i < perBlock; i++) {
                final StringBuilder message = new StringBuilder();
                for (int w = 0; w < 12; w++) {
                    message.append(Long.toString(random.nextLong() >>> 1, 36)).append(' ');
                }
                builder.logDynamic(ticks += 10, Level.INFO, message.toString());
            }
            final TestBlocks.Encoded encoded = builder.encode(processId, streamId, (long) b * perBlock, 1_763_700_100_000L);
            blocks.put(encoded.meta().blockId(), encoded.bytes());
            sources.add(encoded.source(process, stream));
        }
        final List<Integer> partsAtFetch = new ArrayList<>();
        final ViewStore store = store();
        final List<MultipartOutputFile> files = new ArrayList<>();
        final BlockFetcher fetcher = block -> {
            partsAtFetch.add(files.get(0).partsUploaded());
            return blocks.get(block.blockId());
        };
        final ViewEtl etl = new ViewEtl(new ParquetSettings(CompressionCodecName.UNCOMPRESSED, 3, 1 << 20, 64 << 10, 64 << 10));
        final EtlOutput output = etl.run(sources, EnumSet.of(View.LOG_ENTRIES), fetcher, view -> {
            files.add(store.openFile("views/log_entries/streamed.parquet"));
            return files.get(0);
        });
        assertThat(output.view(View.LOG_ENTRIES).stored()).isTrue();
        assertThat(output.view(View.LOG_ENTRIES).rows()).isEqualTo(16L * perBlock);
        assertThat(output.view(View.LOG_ENTRIES).size()).isGreaterThan(2L * PART);
        assertThat(partsAtFetch.get(partsAtFetch.size() - 1)).as("parts uploaded before the last block was read").isGreaterThan(0);
        final byte[] object = store.get("views/log_entries/streamed.parquet").orElseThrow();
        assertThat((long) object.length).isEqualTo(output.view(View.LOG_ENTRIES).size());
        try (DuckDb duck = new DuckDb()) {
            final String path = DuckDb.file(directory, "streamed.parquet", object);
            assertThat(duck.count("SELECT count(*) FROM read_parquet('" + path + "')")).isEqualTo(16L * perBlock);
            assertThat(duck.count("SELECT count(DISTINCT row_group_id) FROM parquet_metadata('" + path + "')")).isGreaterThan(4);
        }

        files.clear();
        final BlockFetcher failing = block -> {
            if (!files.isEmpty() && files.get(0).partsUploaded() > 0) {
                throw new IllegalStateException("fetch failed");
            }
            return blocks.get(block.blockId());
        };
        assertThatThrownBy(() -> etl.run(sources, EnumSet.of(View.LOG_ENTRIES), failing, view -> {
            files.add(store.openFile("views/log_entries/failed.parquet"));
            return files.get(0);
        })).hasMessageContaining("fetch failed");
        assertThat(store.get("views/log_entries/failed.parquet")).isEmpty();
        assertThat(openUploads()).isZero();
    }
}
