package io.lakeobs.tests.uploader;

import io.lakeobs.functions.core.store.ObjectKeys;
import io.lakeobs.local.demo.BlockCensus;
import io.lakeobs.tests.uploader.FaultProxy.Fault;
import io.lakeobs.tests.uploader.FaultProxy.Policy;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.tracing.sink.TelemetrySink;
import io.lakeobs.uploader.SettableClock;
import io.lakeobs.uploader.Uploader;
import io.lakeobs.uploader.UploaderStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The uploader through {@link FaultProxy}s in front of the ingest API and S3: every kind of
 * failure, 30 % random failures, a 60 s outage and a restart, in simulated time (the uploader's
 * clock is advanced between explicit {@link Uploader#runUntilIdle()} rounds; nothing sleeps).
 * Each test checks that no event is lost and no block is indexed twice.
 */
class UploaderFaultTest {
    private static final Duration BACKOFF_CAP = Duration.ofSeconds(5);
    private static final int MAX_ROUNDS = 40;
    private static Path root;
    private static UploaderStack stack;
    private TracingRuntime tracing;
    private final SettableClock clock = new SettableClock(Instant.now());

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(Path.of("target", "uploader-fault-test")).toAbsolutePath();
        stack = new UploaderStack(root);
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void clearLogs() {
        stack.ingestProxy.clearLog();
        stack.s3Proxy.clearLog();
    }

    @AfterEach
    void reset() {
        if (tracing != null) {
            tracing.shutdown(Duration.ofSeconds(5));
        }
        stack.ingestProxy.policy(Policy.pass());
        stack.s3Proxy.policy(Policy.pass());
        stack.functionsClock.set(Instant.now());
    }

    @Test
    void everyKindOfFailureIsRetriedUntilEveryEventArrivesOnce() throws Exception {
        stack.ingestProxy.policy(Policy.script("POST", Fault.HTTP_500, Fault.REFUSE, Fault.RESET_AFTER_UPSTREAM,
            Fault.SLOW_DOWN_503, Fault.STALL, Fault.SLOW_RESPONSE, Fault.RESET_MID_BODY));
        stack.s3Proxy.policy(Policy.script("PUT", Fault.HTTP_500, Fault.SLOW_DOWN_503, Fault.RESET_MID_BODY,
            Fault.RESET_AFTER_UPSTREAM, Fault.STALL, Fault.SLOW_RESPONSE, Fault.REFUSE));
        final Uploader uploader = uploader(null);
        final long recorded = TestWorkload.run(2, 2_000);
        tracing.flush();
        drain(uploader);

        final UUID process = tracing.processInfo().processId();
        assertEveryEventOnce(process, recorded, uploader.stats());
        for (final Fault fault : List.of(Fault.HTTP_500, Fault.SLOW_DOWN_503, Fault.RESET_MID_BODY,
            Fault.RESET_AFTER_UPSTREAM, Fault.STALL, Fault.SLOW_RESPONSE, Fault.REFUSE)) {
            assertThat(stack.s3Proxy.count(fault)).as("PUT fault %s", fault).isEqualTo(1);
        }
        assertThat(stack.ingestProxy.count(Fault.STALL)).isEqualTo(1);
        assertThat(uploader.stats().retries()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void thirtyPercentRandomFailuresWithAFixedSeedLoseNothing() throws Exception {
        final Fault[] faults = {Fault.HTTP_500, Fault.SLOW_DOWN_503, Fault.RESET_MID_BODY, Fault.RESET_AFTER_UPSTREAM,
            Fault.REFUSE, Fault.SLOW_RESPONSE};
        stack.ingestProxy.policy(Policy.random(42, 0.3, faults));
        stack.s3Proxy.policy(Policy.random(43, 0.3, faults));
        final Uploader uploader = uploader(null);
        final long recorded = TestWorkload.run(3, 3_000);
        tracing.flush();
        drain(uploader);

        assertEveryEventOnce(tracing.processInfo().processId(), recorded, uploader.stats());
        final long failed = stack.s3Proxy.log().stream().filter(l -> l.fault() != Fault.PASS).count();
        assertThat(failed).isPositive();
        assertThat(uploader.stats().retries()).isPositive();
    }

    @Test
    void aSixtySecondOutageLosesNothingWithTheSpool() throws Exception {
        final Path spool = freshDirectory("outage-spool");
        stack.ingestProxy.policy(Policy.always(Fault.REFUSE));
        stack.s3Proxy.policy(Policy.always(Fault.REFUSE));
        final Uploader uploader = uploader(spool);
        final long recorded = TestWorkload.run(2, 2_000);
        tracing.flush();
        for (int second = 0; second < 60; second += 5) {
            uploader.runUntilIdle();
            clock.advance(Duration.ofSeconds(5));
        }
        final UploaderStats during = uploader.stats();
        assertThat(during.blocksSent()).isZero();
        assertThat(during.blocksDropped()).isZero();
        assertThat(during.pendingBlocks()).isEqualTo(during.spooledBlocks()).isPositive();
        assertThat(spoolFiles(spool)).isEqualTo(during.pendingBlocks());

        stack.ingestProxy.policy(Policy.pass());
        stack.s3Proxy.policy(Policy.pass());
        drain(uploader);
        assertEveryEventOnce(tracing.processInfo().processId(), recorded, uploader.stats());
        assertThat(spoolFiles(spool)).isZero();
    }

    @Test
    void aRestartMidStreamSendsTheSpooledBlocksFirst() throws Exception {
        final Path spool = freshDirectory("restart-spool");
        final SpooledRun firstRun = spoolDuringAnOutage(spool);
        final UUID firstProcess = firstRun.processId();
        final long firstRecorded = firstRun.recorded();
        final UploaderStats before = firstRun.stats();
        assertThat(before.blocksSent()).isZero();
        assertThat(before.blocksDropped()).isZero();
        assertThat(spoolFiles(spool)).isEqualTo(before.spooledBlocks()).isPositive();

        stack.s3Proxy.policy(Policy.pass());
        stack.s3Proxy.clearLog();
        final Uploader second = uploader(spool);
        final UUID secondProcess = tracing.processInfo().processId();
        final long secondRecorded = TestWorkload.run(2, 1_000);
        tracing.flush();
        drain(second);

        assertThat(second.stats().recoveredBlocks()).isEqualTo(before.spooledBlocks());
        final List<String> puts = stack.s3Proxy.log().stream().map(FaultProxy.Logged::requestLine)
            .filter(l -> l.startsWith("PUT")).toList();
        assertThat(puts.get(0)).as("the first upload after the restart is an earlier run's block").contains(firstProcess.toString());
        final BlockCensus firstCensus = stack.census(firstProcess);
        assertThat(firstCensus.workloadEvents()).isEqualTo(firstRecorded);
        stack.assertIndexedOnce(firstProcess, firstCensus);
        assertThat(firstCensus.blockKeys()).hasSize((int) before.spooledBlocks());
        assertEveryEventOnce(secondProcess, secondRecorded, second.stats(),
            second.stats().blocksSent() - before.spooledBlocks());
        assertThat(spoolFiles(spool)).isZero();
    }

    @Test
    void aSpoolFileLostBeforeItsUploadDropsThatBlockOnlyAndTheOthersGoOn() throws Exception {
        final Path spool = freshDirectory("lost-spool-file");
        final SpooledRun firstRun = spoolDuringAnOutage(spool);
        final UUID firstProcess = firstRun.processId();
        final long spooled = firstRun.stats().spooledBlocks();
        assertThat(spooled).as("several spooled blocks, so others follow the lost one").isGreaterThanOrEqualTo(3);

        stack.s3Proxy.policy(Policy.pass());
        final Uploader second = uploader(spool); // recovers every file now, reads each again only to PUT it
        final Path lost;
        try (Stream<Path> files = Files.list(spool)) {
            lost = files.filter(f -> f.toString().endsWith(".block")).sorted().findFirst().orElseThrow(); // first in upload order
        }
        Files.delete(lost);
        drain(second);

        assertThat(second.stats().recoveredBlocks()).isEqualTo(spooled);
        assertThat(second.stats().blocksDropped()).isEqualTo(1);
        final BlockCensus census = stack.census(firstProcess);
        assertThat(census.blockKeys()).hasSize((int) spooled - 1);
        stack.assertIndexedOnce(firstProcess, census);
        assertThat(spoolFiles(spool)).isZero();
    }

    @Test
    void anExpiredUrlIsPresignedAgain() throws Exception {
        final Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        stack.functionsClock.set(hourAgo); // the API signs URLs that S3 (on real time) finds expired
        clock.set(hourAgo);               // while the uploader's clock still believes them valid
        final Uploader uploader = uploader(null);
        final long recorded = TestWorkload.run(1, 1_000);
        tracing.flush();
        uploader.runUntilIdle();
        assertThat(uploader.stats().blocksSent()).isZero();
        assertThat(uploader.stats().presignedAgain()).isPositive();

        stack.functionsClock.set(Instant.now());
        clock.set(Instant.now());
        drain(uploader);
        assertEveryEventOnce(tracing.processInfo().processId(), recorded, uploader.stats());
    }

    @Test
    void aProcessTheBackendForgotIsRegisteredAgain() throws Exception {
        registersAgainAfterTheBackendForgets(stack::forgetProcess);
    }

    @Test
    void streamsTheBackendForgotAreRegisteredAgain() throws Exception {
        registersAgainAfterTheBackendForgets(stack::forgetStreams);
    }

    @Test
    void logsGoBeforeMetricsBeforeSpans() throws Exception {
        final Uploader uploader = Uploader.builder().endpoint(stack.endpoint()).apiKey(stack.apiKey).manual().clock(clock)
            .random(new Random(7)).maxInFlight(1).blockTargetBytes(16 * 1024).compressionRatio(1).build();
        final InMemorySink kinds = new InMemorySink();
        tracing = uploader.configure(Tracing.builder()).sink(TelemetrySink.composite(uploader, kinds)).manualCollector()
            .ringCapacity(1 << 22).shutdownHook(false).install();
        final long recorded = TestWorkload.run(2, 1_500);
        tracing.flush();
        drain(uploader);

        final Map<String, StreamKind> kindOfStream = new HashMap<>();
        for (final StreamInfo stream : kinds.streams()) {
            kindOfStream.put(stream.streamId().toString(), stream.kind());
        }
        final List<StreamKind> putOrder = stack.s3Proxy.log().stream().map(FaultProxy.Logged::requestLine)
            .filter(line -> line.startsWith("PUT")).map(line -> kindOfStream.get(streamOf(line))).toList();
        assertThat(putOrder).hasSizeGreaterThan(6).doesNotContainNull().isSortedAccordingTo(
            java.util.Comparator.comparingInt(StreamKind::priority));
        assertThat(putOrder).contains(StreamKind.LOG, StreamKind.METRICS, StreamKind.SPANS);
        assertEveryEventOnce(tracing.processInfo().processId(), recorded, uploader.stats());
    }

    @Test
    void aWrongApiKeyIsPermanentItsBlocksAreDroppedAndCounted() throws Exception {
        final Uploader uploader = Uploader.builder().endpoint(stack.endpoint()).apiKey("knope.wrong-secret").manual()
            .clock(clock).random(new Random(7)).blockTargetBytes(16 * 1024).compressionRatio(1).build();
        tracing = uploader.configure(Tracing.builder()).manualCollector().ringCapacity(1 << 22).shutdownHook(false).install();
        final long recorded = TestWorkload.runHere(2_000);
        tracing.flush();
        drain(uploader);
        final long registrations = uploader.stats().registrations();
        TestWorkload.runHere(500); // blocks of a refused process are dropped on arrival, not queued forever
        tracing.flush();
        drain(uploader);

        final UploaderStats stats = uploader.stats();
        assertThat(stats.registrations()).as("refused once, never retried").isEqualTo(registrations).isEqualTo(1);
        assertThat(stats.blocksSent()).isZero();
        assertThat(stats.pendingBlocks()).isZero();
        assertThat(stats.eventsDropped()).isGreaterThanOrEqualTo(recorded);
        assertThat(stack.census(tracing.processInfo().processId()).blockKeys()).isEmpty();
    }

    @Test
    void aPermanentRefusalDropsOneBlockCountsItAndReportsItThroughTracing() throws Exception {
        stack.s3Proxy.policy(Policy.script("PUT", Fault.HTTP_400));
        final Uploader uploader = uploader(null);
        final UUID process = tracing.processInfo().processId();
        final long recorded = TestWorkload.run(1, 2_000);
        tracing.flush();
        drain(uploader);
        final UploaderStats stats = uploader.stats();
        assertThat(stats.blocksDropped()).isEqualTo(1);
        assertThat(stats.eventsDropped()).isPositive();
        assertThat(stack.s3Proxy.count(Fault.HTTP_400)).isEqualTo(1);

        tracing.flush(); // the drop metrics recorded by the uploader go out like any other event
        drain(uploader);
        final BlockCensus census = stack.census(process);
        assertThat(census.workloadEvents()).isEqualTo(recorded - stats.eventsDropped());
        final BlockCensus drops = BlockCensus.of(stack.stack.s3(), stack.stack.rawBucket(), process.toString(),
            "lakeobs.uploader");
        assertThat(drops.metrics()).as("dropped_events and dropped_blocks").isEqualTo(2);
        stack.assertIndexedOnce(process, census);
    }

    private Uploader uploader(final Path spool) {
        final Uploader uploader = Uploader.builder().endpoint(stack.endpoint()).apiKey(stack.apiKey).manual().clock(clock)
            .random(new Random(7)).spoolDirectory(spool).blockTargetBytes(16 * 1024).compressionRatio(1)
            .requestTimeout(Duration.ofSeconds(2)).backoff(Duration.ofMillis(100), BACKOFF_CAP).build();
        tracing = uploader.configure(Tracing.builder()).manualCollector().ringCapacity(1 << 22).shutdownHook(false).install();
        return uploader;
    }

    /** Uploads, lets the backend forget some metadata, uploads again: the uploader registers again and loses nothing. */
    private void registersAgainAfterTheBackendForgets(final Consumer<UUID> forget) throws Exception {
        final Uploader uploader = uploader(null);
        final UUID process = tracing.processInfo().processId();
        final long first = TestWorkload.runHere(1_000);
        tracing.flush();
        drain(uploader);
        final long registrations = uploader.stats().registrations();
        forget.accept(process);

        final long second = TestWorkload.runHere(1_000);
        tracing.flush();
        drain(uploader);
        // the same thread, the same streams: only the backend's forgetting makes them register again
        assertThat(uploader.stats().registrations()).isGreaterThan(registrations);
        assertEveryEventOnce(process, first + second, uploader.stats());
    }

    /** A first run whose every upload S3 refuses (503), shut down so that all its blocks stay spooled. */
    private SpooledRun spoolDuringAnOutage(final Path spool) throws Exception {
        stack.s3Proxy.policy(Policy.always(Fault.SLOW_DOWN_503));
        final Uploader first = uploader(spool);
        final UUID process = tracing.processInfo().processId();
        final long recorded = TestWorkload.run(2, 1_500);
        tracing.flush();
        first.runUntilIdle();
        clock.advance(Duration.ofSeconds(1));
        tracing.shutdown(Duration.ofSeconds(2)); // seals, then the uploader stops: what it could not send stays spooled
        tracing = null;
        return new SpooledRun(process, recorded, first.stats());
    }

    private record SpooledRun(UUID processId, long recorded, UploaderStats stats) {
    }

    /** Rounds of "do everything due, then move the clock past every backoff", until nothing is pending. */
    private void drain(final Uploader uploader) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            uploader.runUntilIdle();
            if (uploader.stats().pendingBlocks() == 0) {
                return;
            }
            clock.advance(BACKOFF_CAP);
        }
        throw new AssertionError("still pending after " + MAX_ROUNDS + " rounds: " + uploader.stats());
    }

    private void assertEveryEventOnce(final UUID process, final long recorded, final UploaderStats stats) {
        assertEveryEventOnce(process, recorded, stats, stats.blocksSent());
    }

    private void assertEveryEventOnce(final UUID process, final long recorded, final UploaderStats stats,
                                      final long blocks) {
        final BlockCensus census = stack.census(process);
        assertThat(census.workloadEvents()).as("events decoded from S3").isEqualTo(recorded);
        assertThat(stats.blocksDropped()).isZero();
        assertThat(census.blockKeys()).hasSize((int) blocks);
        stack.assertIndexedOnce(process, census);
    }

    /** The stream id in the block key of a logged {@code PUT /bucket/blocks/...?query HTTP/1.1} line. */
    private static String streamOf(final String requestLine) {
        final String path = requestLine.split(" ")[1].split("\\?")[0];
        return ObjectKeys.parseBlockKey(path.substring(path.indexOf("/" + ObjectKeys.BLOCKS_PREFIX) + 1))
            .map(key -> key.streamId().toString()).orElse(null);
    }

    private static Path freshDirectory(final String name) throws Exception {
        final Path directory = root.resolve(name + "-" + UUID.randomUUID());
        Files.createDirectories(directory);
        return directory;
    }

    private static long spoolFiles(final Path spool) throws Exception {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> f.toString().endsWith(".block")).count();
        }
    }
}
