package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.testing.SinkEvents;
import io.lakeobs.transit.telemetry.Level;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash-safe recording without killing anything: a copy of a live process's crash directory
 * (without its lock) is exactly what a {@code kill -9} would leave in the page cache at that
 * instant, so recovering the copy shows what a crash there would lose.
 */
class CrashSafeRecordingTest {
    static final LogCallSite SEQUENCE = Tracing.logSite(Level.INFO, "crash.test", "seq {}", "CrashSafeRecordingTest.java", 1);

    @TempDir
    Path temp;
    private TracingRuntime runtime;

    @AfterEach
    void uninstall() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void whatAKilledProcessHadNotHandedOverIsRecoveredByTheNextStartExactlyOnce() throws Exception {
        final Path root = temp.resolve("crash");
        final InMemorySink live = new InMemorySink();
        runtime = Tracing.builder().sink(live).manualCollector().shutdownHook(false).crashSafe(root)
            .blockTargetBytes(4096).ringCapacity(64 * 1024).install();
        final CountDownLatch firstHalf = new CountDownLatch(1);
        final CountDownLatch collected = new CountDownLatch(1);
        final CountDownLatch secondHalf = new CountDownLatch(1);
        final CountDownLatch copied = new CountDownLatch(1);
        final Thread worker = new Thread(() -> {
            record(0, 600);
            firstHalf.countDown();
            await(collected);
            record(600, 1000); // in the ring only
            secondHalf.countDown();
            await(copied); // alive: a dead thread's streams would be sealed
        }, "crash-worker");
        worker.start();
        firstHalf.await();
        runtime.collect(); // full 4 KiB blocks go to the sink, the rest of the 600 stays in the builder
        collected.countDown();
        final Path copy = temp.resolve("copy");
        secondHalf.await();
        final Path killed = copyWithoutLock(runtime.processInfo().processId().toString(), root, copy);
        tearTheNextEvent(killed);
        final List<String> handedOver = SinkEvents.logs(live);
        assertThat(handedOver).isNotEmpty().hasSizeLessThan(600);
        assertThat(CrashRecovery.recover(root, new InMemorySink()).processes()).as("a live owner is never recovered").isZero();
        copied.countDown();
        worker.join();
        runtime.close();
        runtime = null;
        assertThat(root.resolve(killed.getFileName())).as("a clean shutdown deletes its directory").doesNotExist();

        final InMemorySink next = new InMemorySink();
        runtime = Tracing.builder().sink(next).manualCollector().shutdownHook(false).crashSafe(copy).install();
        final CrashRecovery.Report report = runtime.recovered();
        assertThat(report.processes()).isEqualTo(1);
        assertThat(report.unreadable()).isZero();
        assertThat(report.events()).isEqualTo(1000 - handedOver.size());
        assertThat(next.processes().get(0).processId()).isEqualTo(live.processes().get(0).processId());
        final List<String> all = new ArrayList<>(handedOver);
        all.addAll(SinkEvents.logs(next));
        assertThat(all).containsExactlyElementsOf(IntStream.range(0, 1000).mapToObj(i -> "3 crash.test seq " + i).toList());
        assertThat(killed).as("recovered directories are deleted").doesNotExist();
    }

    @Test
    void aStreamFileThatIsNotWholeIsCountedUnreadableAndTheOthersAreRecovered() throws Exception {
        final Path killed = tenLogsKilledInto("cut-worker", temp.resolve("copy")).get(0);
        try (RandomAccessFile file = new RandomAccessFile(streamFiles(killed).get(0).toFile(), "rw")) {
            file.setLength(100); // cut short
        }
        final InMemorySink sink = new InMemorySink();
        final CrashRecovery.Report report = CrashRecovery.recover(temp.resolve("copy"), sink);
        assertThat(report.unreadable()).isEqualTo(1);
        assertThat(report.events()).isZero();
        assertThat(sink.blocks()).isEmpty();
    }

    /** A file of the first layout (no stripe, no checkpointed thread: zeros there) is still read; a newer one is refused. */
    @Test
    void aVersionOneFileIsStillRecoveredAndAnUnknownVersionIsCountedUnreadable() throws Exception {
        final List<Path> copies = tenLogsKilledInto("version-worker", temp.resolve("v1"), temp.resolve("v3"));
        final Path first = copies.get(0);
        final Path unknown = copies.get(1);
        patch(first, header -> {
            header.putShort(StreamFileDescriptor.VERSION_OFFSET, (short) 1);
            header.putInt(StreamFileDescriptor.STRIPE_OFFSET, 0);
            for (int slot = 0; slot < 2; slot++) {
                header.putLong(StreamFileDescriptor.SLOT_OFFSET + slot * StreamFileDescriptor.SLOT_LENGTH
                    + StreamFileDescriptor.SLOT_THREAD, 0);
            }
        });
        patch(unknown, header -> header.putShort(StreamFileDescriptor.VERSION_OFFSET,
            (short) (StreamFileDescriptor.VERSION + 1)));

        final InMemorySink sink = new InMemorySink();
        final CrashRecovery.Report report = CrashRecovery.recover(temp.resolve("v1"), sink);
        assertThat(report.unreadable()).isZero();
        assertThat(SinkEvents.logs(sink)).containsExactlyElementsOf(
            IntStream.range(0, 10).mapToObj(i -> "3 crash.test seq " + i).toList());
        assertThat(sink.streams().get(0).properties()).containsEntry("thread-name", "version-worker")
            .doesNotContainKey(VirtualStripes.STRIPE_PROPERTY);
        final CrashRecovery.Report refused = CrashRecovery.recover(temp.resolve("v3"), new InMemorySink());
        assertThat(refused.unreadable()).isEqualTo(1);
        assertThat(refused.events()).isZero();
    }

    /**
     * A crash-safe runtime whose thread {@code threadName} logged sequences 0 to 9, its directory
     * copied as a kill leaves it (while that thread still lives) into each of {@code copyRoots}.
     *
     * @return the copied process directories, in the order of {@code copyRoots}
     */
    private List<Path> tenLogsKilledInto(final String threadName, final Path... copyRoots) throws Exception {
        final Path root = temp.resolve("crash");
        runtime = Tracing.builder().sink(new InMemorySink()).manualCollector().shutdownHook(false).crashSafe(root)
            .ringCapacity(64 * 1024).install();
        final CountDownLatch recorded = new CountDownLatch(1);
        final CountDownLatch copied = new CountDownLatch(1);
        final Thread logs = new Thread(() -> {
            record(0, 10);
            recorded.countDown();
            await(copied);
        }, threadName);
        logs.start();
        recorded.await();
        final String process = runtime.processInfo().processId().toString();
        final List<Path> copies = new ArrayList<>();
        for (final Path copyRoot : copyRoots) {
            copies.add(copyWithoutLock(process, root, copyRoot));
        }
        copied.countDown();
        logs.join();
        return copies;
    }

    /** Changes the header of every stream file of {@code process} in place. */
    private static void patch(final Path process, final java.util.function.Consumer<UnsafeBuffer> change) throws IOException {
        for (final Path stream : streamFiles(process)) {
            try (FileChannel channel = FileChannel.open(stream, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                change.accept(new UnsafeBuffer(channel.map(FileChannel.MapMode.READ_WRITE, 0,
                    StreamFileDescriptor.HEADER_LENGTH)));
            }
        }
    }

    private static void record(final int from, final int to) {
        for (int i = from; i < to; i++) {
            SEQUENCE.log(i);
        }
    }

    private static void await(final CountDownLatch latch) {
        try {
            latch.await();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a kill leaves: the files as the page cache holds them now, and no owner holding the lock. */
    static Path copyWithoutLock(final String process, final Path root, final Path copyRoot) throws IOException {
        final Path target = Files.createDirectories(copyRoot.resolve(process));
        try (Stream<Path> files = Files.list(root.resolve(process))) {
            for (final Path file : files.toList()) {
                if (!file.getFileName().toString().equals(CrashDirectory.LOCK_FILE)) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        }
        return target;
    }

    /** Half an event after every ring's committed tail, as a kill in the middle of a write leaves it. */
    static void tearTheNextEvent(final Path process) throws IOException {
        for (final Path stream : streamFiles(process)) {
            try (RandomAccessFile file = new RandomAccessFile(stream.toFile(), "rw")) {
                file.seek(StreamFileDescriptor.RING_CAPACITY_OFFSET);
                final int capacity = Integer.reverseBytes(file.readInt());
                file.seek(StreamFileDescriptor.RING_OFFSET);
                final long tail = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Long.reverseBytes(file.readLong())
                    : file.readLong();
                file.seek(StreamFileDescriptor.RING_OFFSET + RingDescriptor.TAIL_LENGTH + (tail & (capacity - 1)));
                file.write(new byte[] {2, 64, 0, 0, 0, 7, 7}); // a log_args type and length, then a few bytes of body
            }
        }
    }

    static List<Path> streamFiles(final Path process) throws IOException {
        try (Stream<Path> files = Files.list(process)) {
            return files.filter(f -> f.toString().endsWith(StreamFileDescriptor.SUFFIX)).sorted().toList();
        }
    }
}
