package io.lakeobs.uploader;

import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.SpanScope;
import io.lakeobs.tracing.SpanSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Budgets, the spool cap and spool recovery, against an endpoint that refuses every connection. */
class SpoolAndBudgetTest {
    static final LogCallSite LOG = Tracing.logSite(Level.INFO, "spool.test", "n={}", "SpoolAndBudgetTest.java", 1);
    static final SpanSite SPAN = Tracing.spanSite("spool.span", "spool.test", "SpoolAndBudgetTest.java", 2);

    @TempDir
    Path temp;
    private TracingRuntime tracing;
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @AfterEach
    void uninstall() {
        if (tracing != null) {
            tracing.close();
        }
    }

    @Test
    void overTheSpoolCapTheLowestPriorityOldestBlocksGoFirst() throws Exception {
        final Path spool = temp.resolve("spool");
        final Uploader uploader = install(Uploader.builder().spoolDirectory(spool).spoolMaxBytes(48 * 1024));
        for (int i = 0; i < 6; i++) {
            spans(400); // spans first: the oldest, lowest-priority blocks
        }
        logs(400);
        logs(400);
        uploader.runUntilIdle();
        final UploaderStats stats = uploader.stats();
        assertThat(stats.droppedSpans()).isPositive();
        assertThat(stats.droppedLog()).isZero();
        assertThat(stats.spoolBytes()).isLessThanOrEqualTo(48 * 1024);
        assertThat(spoolFiles(spool).stream().filter(name -> name.startsWith("0-"))).hasSize(2); // both log blocks kept
    }

    @Test
    void withoutASpoolABudgetDropsTheOldestBlocksOfItsOwnKind() throws Exception {
        final Uploader uploader = install(Uploader.builder().budget(StreamKind.SPANS, 20 * 1024));
        for (int i = 0; i < 6; i++) {
            spans(400);
        }
        logs(400);
        uploader.runUntilIdle();
        final UploaderStats stats = uploader.stats();
        assertThat(stats.droppedSpans()).isPositive();
        assertThat(stats.droppedLog()).isZero();
        assertThat(stats.pendingBlocks()).isPositive();
    }

    @Test
    void spooledBlocksSurviveARestartAndCorruptFilesAreDeletedAndCounted() throws Exception {
        final Path spool = temp.resolve("spool");
        final Uploader first = install(Uploader.builder().spoolDirectory(spool));
        logs(300);
        spans(300);
        first.runUntilIdle();
        tracing.close();
        tracing = null;
        final long spooled = first.stats().spooledBlocks();
        assertThat(spooled).isEqualTo(2);
        final List<String> files = spoolFiles(spool);
        // a torn temp file (a crash during a write) and a corrupt block file
        Files.write(spool.resolve(files.get(0) + ".tmp"), new byte[] {1, 2, 3});
        final Path victim = spool.resolve(files.get(1));
        final byte[] bytes = Files.readAllBytes(victim);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(victim, bytes);

        final Uploader second = builder().manual().spoolDirectory(spool).build();
        assertThat(second.stats().recoveredBlocks()).isEqualTo(1);
        assertThat(second.stats().corruptSpoolFiles()).isEqualTo(1);
        assertThat(spoolFiles(spool)).containsExactly(files.get(0));
        assertThatThrownBy(() -> builder().manual().spoolDirectory(spool).build())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
        second.shutdown(Duration.ofMillis(50));
        assertThat(spoolFiles(spool)).containsExactly(files.get(0));
    }

    @Test
    void afterTracingFlushReturnsEveryBlockIsOnDisk() throws Exception {
        final Path spool = temp.resolve("spool");
        final Uploader uploader = builder().spoolDirectory(spool).build(); // background thread, not manual
        tracing = uploader.configure(Tracing.builder()).shutdownHook(false).install(); // collector thread too
        final Thread worker = new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                LOG.log(i);
            }
        });
        worker.start();
        worker.join();
        assertThat(Tracing.flush()).isTrue();
        // no waiting here: flush() returned only once the blocks were written, forced and renamed
        assertThat(spoolFiles(spool)).isNotEmpty().hasSize((int) uploader.stats().spooledBlocks());
        tracing.shutdown(Duration.ofMillis(500));
        tracing = null;
        assertThat(spoolFiles(spool)).as("an outage at shutdown: everything stays spooled").isNotEmpty();
        assertThat(uploader.stats().blocksDropped()).isZero();
    }

    @Test
    void theStatsAccountForEveryEventRecordedSentDroppedOrPending() throws Exception {
        final Uploader uploader = install(Uploader.builder().budget(StreamKind.SPANS, 20 * 1024));
        for (int i = 0; i < 6; i++) {
            spans(400); // 800 events a block, the oldest dropped over the budget
        }
        logs(300);
        uploader.runUntilIdle();
        final UploaderStats stats = uploader.stats();
        assertThat(stats.eventsDropped()).isPositive();
        assertThat(stats.pendingEvents()).isPositive();
        // the uploader's own drop metrics are recorded too, as events of their own
        assertThat(stats.eventsRecorded()).isGreaterThanOrEqualTo(6 * 800 + 300);
        assertBalanced(stats);
        assertThat(stats.eventsLost()).isEqualTo(stats.eventsDropped());
    }

    @Test
    void eventsTracingCouldNotRecordCountAsRecordedAndDropped() throws Exception {
        final int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        final Uploader uploader = Uploader.builder().endpoint(URI.create("http://127.0.0.1:" + port + "/"))
            .apiKey("k.secret").manual().clock(clock).random(new Random(5)).build();
        tracing = uploader.configure(Tracing.builder()).manualCollector().shutdownHook(false).ringCapacity(1024).install();
        final Thread worker = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                LOG.log(i); // no collection meanwhile: a 1 KiB ring holds about 30 of them
            }
        });
        worker.start();
        worker.join();
        tracing.flush();
        uploader.runUntilIdle();
        final UploaderStats stats = uploader.stats();
        final long ringDrops = tracing.droppedEvents(StreamKind.LOG);
        assertThat(ringDrops).isBetween(100L, 199L);
        assertThat(stats.eventsDroppedByTracing()).isEqualTo(ringDrops);
        // 200 logs (kept or not) and the one dropped_events metric tracing recorded about them
        assertThat(stats.eventsRecorded()).isEqualTo(200 + 1);
        assertThat(stats.pendingEvents()).isEqualTo(200 - ringDrops + 1);
        assertBalanced(stats);
    }

    @Test
    void eventsRecoveredFromTheSpoolAreCountedApartFromThoseRecorded() throws Exception {
        final Path spool = temp.resolve("spool");
        final Uploader first = install(Uploader.builder().spoolDirectory(spool));
        logs(300);
        first.runUntilIdle();
        tracing.close();
        tracing = null;
        final UploaderStats before = first.stats();
        assertThat(before.eventsRecorded()).isEqualTo(300);
        assertThat(before.pendingEvents()).isEqualTo(300);
        assertThat(before.eventsLost()).isZero();
        final Uploader second = builder().manual().spoolDirectory(spool).build();
        second.runUntilIdle(); // the endpoint refuses: the recovered blocks stay pending
        final UploaderStats after = second.stats();
        assertThat(after.eventsRecovered()).isEqualTo(300);
        assertThat(after.eventsRecorded()).isZero();
        assertThat(after.pendingEvents()).isEqualTo(300);
        assertBalanced(after);
        second.shutdown(Duration.ofMillis(50));
    }

    /** Every event is recorded (or recovered) once and is sent, dropped (by tracing or the uploader) or pending. */
    private static void assertBalanced(final UploaderStats stats) {
        assertThat(stats.eventsRecorded() + stats.eventsRecovered()).as(stats.toString())
            .isEqualTo(stats.eventsSent() + stats.eventsDropped() + stats.eventsDroppedByTracing() + stats.pendingEvents());
    }

    private UploaderBuilder builder() throws IOException {
        final int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed at once: every connection is refused
        }
        return Uploader.builder().endpoint(URI.create("http://127.0.0.1:" + port + "/")).apiKey("k.secret")
            .clock(clock).random(new Random(5)).requestTimeout(Duration.ofSeconds(2));
    }

    private Uploader install(final UploaderBuilder settings) throws IOException {
        final int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        final Uploader uploader = settings.endpoint(URI.create("http://127.0.0.1:" + port + "/")).apiKey("k.secret")
            .manual().clock(clock).random(new Random(5)).build();
        tracing = uploader.configure(Tracing.builder()).manualCollector().shutdownHook(false).install();
        return uploader;
    }

    /** One block of spans on a new thread (its streams are sealed when the thread is gone). */
    @SuppressWarnings("try") // the scope is the span: it is closed, never read
    private void spans(final int count) throws InterruptedException {
        onThread(() -> {
            for (int i = 0; i < count; i++) {
                try (SpanScope scope = SPAN.enter()) {
                    // a span of nothing
                }
            }
        });
    }

    private void logs(final int count) throws InterruptedException {
        onThread(() -> {
            for (int i = 0; i < count; i++) {
                LOG.log(i);
            }
        });
    }

    private void onThread(final Runnable work) throws InterruptedException {
        final Thread thread = new Thread(work);
        thread.start();
        thread.join();
        tracing.flush();
    }

    private static List<String> spoolFiles(final Path spool) throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".block")).sorted().toList();
        }
    }
}
