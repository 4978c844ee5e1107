package io.lakeobs.tests.uploader;

import io.lakeobs.local.crash.KillRun;
import io.lakeobs.local.crash.SequenceCensus;
import io.lakeobs.local.crash.ViewCensus;
import io.lakeobs.tracing.CrashRecovery;
import io.lakeobs.uploader.SettableClock;
import io.lakeobs.uploader.Uploader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short version of the crash harness (benchmarks' {@code CrashLossHarness}): an application
 * recording crash-safe is killed with SIGKILL twice, at points fixed in events; each start
 * recovers the run killed before, and a last restart the second one. Every event whose
 * recording call had returned before the kill is in S3 and in the process's log_entries view,
 * exactly once.
 */
class CrashSafeKillTest {
    private static UploaderStack stack;
    private static Path root;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(Path.of("target", "crash-safe-kill-test")).toAbsolutePath();
        stack = new UploaderStack(root);
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @Test
    void twoKillsLoseNothingThatWasRecorded() throws Exception {
        final Path spool = Files.createDirectories(root.resolve("spool-" + UUID.randomUUID()));
        final List<KillRun> runs = List.of(
            KillRun.run(stack.endpoint().toString(), stack.apiKey, spool, 2_000, 300),
            KillRun.run(stack.endpoint().toString(), stack.apiKey, spool, 2_000, 500));
        final CrashRecovery.Report last = restart(stack, spool);
        assertThat(last.processes()).as("the last restart finds the second run").isEqualTo(1);
        assertThat(last.events()).isPositive();
        final ViewCensus views = new ViewCensus(stack.stack, root.resolve("census"), Clock.systemUTC());
        for (final KillRun run : runs) {
            assertNothingLost(stack, views, run);
        }
    }

    /** Every sequence up to the last one printed is in S3 once, its blocks indexed once, and the same in the views. */
    static void assertNothingLost(final UploaderStack stack, final ViewCensus views, final KillRun run) throws Exception {
        final SequenceCensus census = SequenceCensus.of(stack.stack.s3(), stack.stack.rawBucket(), run);
        assertThat(run.lastSequence()).isGreaterThanOrEqualTo(300);
        assertThat(census.lost()).as(run + " " + census).isZero();
        assertThat(census.duplicated()).as(run + " " + census).isZero();
        assertThat(census.found()).isEqualTo(run.lastSequence() + 1);
        stack.assertIndexedOnce(run.processId(), stack.census(run.processId()));
        final SequenceCensus inViews = views.of(run);
        assertThat(inViews).as("in the views, " + run).isEqualTo(census);
    }

    /** The application starts again, here only its uploader: recovers the rings, then sends the spool. */
    static CrashRecovery.Report restart(final UploaderStack stack, final Path spool) {
        final SettableClock clock = new SettableClock(Instant.now());
        final Uploader uploader = Uploader.builder().endpoint(stack.endpoint()).apiKey(stack.apiKey).manual().clock(clock)
            .random(new Random(3)).spoolDirectory(spool).crashSafe(true).build();
        final CrashRecovery.Report report = uploader.recoverCrashedProcesses();
        for (int round = 0; round < 20 && (round == 0 || uploader.stats().pendingBlocks() > 0); round++) {
            uploader.runUntilIdle();
            clock.advance(Duration.ofSeconds(30));
        }
        assertThat(uploader.stats().pendingBlocks()).isZero();
        assertThat(uploader.stats().blocksDropped()).isZero();
        uploader.shutdown(Duration.ofSeconds(1));
        return report;
    }
}
