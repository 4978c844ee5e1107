package io.lakeobs.tests.uploader;

import io.lakeobs.local.demo.BlockCensus;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.uploader.SettableClock;
import io.lakeobs.uploader.Uploader;
import io.lakeobs.uploader.UploaderStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** K events recorded on several threads → exactly K events decodable from the blocks in S3, every block indexed once. */
class UploaderEndToEndTest {
    @TempDir
    Path temp;
    private UploaderStack stack;
    private TracingRuntime tracing;

    @BeforeEach
    void start() throws Exception {
        stack = new UploaderStack(temp);
    }

    @AfterEach
    void stop() throws Exception {
        if (tracing != null) {
            tracing.close();
        }
        stack.close();
    }

    @Test
    void everyRecordedEventIsInS3AndEveryBlockIsIndexed() throws Exception {
        final Uploader uploader = Uploader.builder().endpoint(stack.endpoint()).apiKey(stack.apiKey).manual()
            .clock(new SettableClock(Instant.now())).random(new Random(1)).blockTargetBytes(32 * 1024).compressionRatio(1)
            .build();
        tracing = uploader.configure(Tracing.builder()).manualCollector().ringCapacity(1 << 22).shutdownHook(false).install();
        final UUID processId = tracing.processInfo().processId();

        final long recorded = TestWorkload.run(4, 5_000);
        tracing.flush();
        uploader.runUntilIdle();

        final UploaderStats stats = uploader.stats();
        final BlockCensus census = stack.census(processId);
        assertThat(tracing.droppedEvents(StreamKind.LOG) + tracing.droppedEvents(StreamKind.METRICS)
            + tracing.droppedEvents(StreamKind.SPANS)).isZero();
        assertThat(census.workloadEvents()).isEqualTo(recorded).isEqualTo(80_000);
        assertThat(census.events()).isEqualTo(stats.eventsSent());
        assertThat(census.logs()).isEqualTo(20_000);
        assertThat(census.metrics()).isEqualTo(20_000);
        assertThat(census.spanEvents()).isEqualTo(40_000);
        assertThat(census.blockKeys()).hasSize((int) stats.blocksSent()).hasSizeGreaterThan(12);
        assertThat(stats.blocksDropped()).isZero();
        assertThat(stats.pendingBlocks()).isZero();
        stack.assertIndexedOnce(processId, census);

        // shutdown after everything was sent: nothing left, nothing lost
        tracing.shutdown(Duration.ofSeconds(10));
        tracing = null;
        assertThat(uploader.stats().blocksDropped()).isZero();
    }
}
