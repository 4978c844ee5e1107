package io.lakeobs.benchmarks.uploader;

import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.local.EmbeddedStack;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.uploader.Uploader;
import io.lakeobs.uploader.UploaderStats;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end uploader throughput, outside {@code make test}: one process, N recording threads
 * running {@link RealisticMix} paced at a target rate, tracing's collector, the uploader, and
 * the embedded stack with S3Proxy on its filesystem store, for a fixed duration ({@code --spool true}:
 * with the on-disk spool, every block written and forced before its upload). Reports the
 * rate sustained, drops (must be zero), MB/s and stored bytes per event, the CPU of the uploader's
 * threads and of the collector, then indexing (S3 notifications to the indexer) measured apart.
 *
 * <pre>
 * mvn -q -DskipTests install -pl benchmarks -am
 * mvn -q -pl benchmarks exec:java -Dexec.mainClass=io.lakeobs.benchmarks.uploader.UploaderThroughput \
 *     -Dexec.classpathScope=compile -Dexec.args="--seconds 60 --rate 2000000 --threads 4"
 * </pre>
 */
public final class UploaderThroughput {
    private UploaderThroughput() {
    }

    public static void main(final String[] args) throws Exception {
        int seconds = 60;
        long rate = 2_000_000;
        int threads = 4;
        boolean spool = false;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--rate" -> rate = Long.parseLong(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--spool" -> spool = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; options: --seconds N --rate EVENTS_PER_S --threads N --spool true|false");
            }
        }
        run(seconds, rate, threads, spool, System.out);
        System.exit(0);
    }

    static void run(final int seconds, final long rate, final int threads, final boolean spool, final PrintStream out)
        throws Exception {
        final Path work = Files.createDirectories(Path.of("target", "uploader-throughput").toAbsolutePath());
        try (EmbeddedStack stack = EmbeddedStack.builder().workRoot(work).blobStore(EmbeddedStack.BlobStoreKind.FILESYSTEM)
            .notificationPollInterval(Duration.ZERO).lakeobsFunctions(Clock.systemUTC()).start()) {
            final String key = new ApiKeyCommand(new ApiKeyCatalog(stack.dynamoDb(), TableNames.withPrefix(stack.tablePrefix())),
                Clock.systemUTC(), new SecureRandom(), new PrintStream(PrintStream.nullOutputStream())).create(100_000)
                .orElseThrow().value();
            final Uploader uploader = Uploader.builder().endpoint(stack.ingestUri()).apiKey(key)
                .spoolDirectory(spool ? stack.workDirectory().resolve("spool") : null).build();
            final TracingRuntime tracing = uploader.configure(Tracing.builder()).ringCapacity(1 << 23)
                .shutdownHook(false).install();
            final CpuSampler cpu = new CpuSampler();
            final long processCpuStart = processCpuNanos();

            final AtomicBoolean running = new AtomicBoolean(true);
            final AtomicLong recorded = new AtomicLong();
            final long perThreadRate = rate / threads;
            final List<Thread> workers = new ArrayList<>();
            final long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                final int index = t;
                final Thread worker = new Thread(() -> recorded.addAndGet(record(new RealisticMix(index + 1), perThreadRate,
                    running)), "bench-recorder-" + t);
                workers.add(worker);
                worker.start();
            }
            final long end = start + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                cpu.sample();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
            running.set(false);
            for (final Thread worker : workers) {
                worker.join();
            }
            final long recordingNanos = System.nanoTime() - start;
            cpu.sample();
            final long dropped = tracing.droppedEvents(StreamKind.LOG) + tracing.droppedEvents(StreamKind.METRICS)
                + tracing.droppedEvents(StreamKind.SPANS);
            tracing.shutdown(Duration.ofSeconds(120)); // seals everything; the uploader drains before returning
            final long drainedNanos = System.nanoTime() - start;
            cpu.sample();
            final long processCpu = processCpuNanos() - processCpuStart;
            final UploaderStats stats = uploader.stats();

            final long indexStart = System.nanoTime();
            final int notifications = stack.deliverPendingNotifications();
            final long indexNanos = System.nanoTime() - indexStart;

            final double recordingSeconds = recordingNanos / 1e9;
            final double totalSeconds = drainedNanos / 1e9;
            out.printf("uploader throughput: %d threads, target %,d events/s, %d s, S3Proxy filesystem store, spool %s%n",
                threads, rate, seconds, spool ? "on (write-ahead, fsync per block)" : "off");
            out.printf("  recorded            %,d events in %.1f s = %,.0f events/s%n", recorded.get(), recordingSeconds,
                recorded.get() / recordingSeconds);
            out.printf("  dropped             tracing rings %d, uploader %d blocks / %d events%n", dropped,
                stats.blocksDropped(), stats.eventsDropped());
            out.printf("  uploaded            %,d events in %,d blocks, %,d bytes; all sent %.1f s after start (%.1f s after recording stopped)%n",
                stats.eventsSent(), stats.blocksSent(), stats.bytesSent(), totalSeconds, totalSeconds - recordingSeconds);
            out.printf("  end to end          %,.0f events/s, %.2f MB/s uploaded, %.2f stored bytes/event, %,d bytes/block%n",
                stats.eventsSent() / totalSeconds, stats.bytesSent() / 1e6 / totalSeconds,
                (double) stats.bytesSent() / stats.eventsSent(), stats.blocksSent() == 0 ? 0 : stats.bytesSent() / stats.blocksSent());
            out.printf("  CPU                 uploader threads %.2f s (%.1f %% of one core), collector %.2f s (%.1f %%), "
                    + "process %.1f s (incl. the embedded stack)%n",
                cpu.seconds("lakeobs-uploader"), 100 * cpu.seconds("lakeobs-uploader") / totalSeconds,
                cpu.seconds("lakeobs-collector"), 100 * cpu.seconds("lakeobs-collector") / totalSeconds, processCpu / 1e9);
            out.printf("  indexing            %d notifications in %.2f s = %.1f blocks/s (measured after the run)%n",
                notifications, indexNanos / 1e9, notifications / (indexNanos / 1e9));
        }
    }

    /** Records the mix at about {@code rate} events/s until told to stop; returns the events recorded. */
    private static long record(final RealisticMix mix, final long rate, final AtomicBoolean running) {
        final long start = System.nanoTime();
        long events = 0;
        while (running.get()) {
            for (int i = 0; i < 64; i++) {
                mix.sixteenRequests();
            }
            events += 64L * RealisticMix.EVENTS_PER_16_REQUESTS;
            final long due = start + (long) (events * 1e9 / rate);
            final long ahead = due - System.nanoTime();
            if (ahead > 50_000) {
                LockSupport.parkNanos(ahead);
            }
        }
        return events;
    }

    private static long processCpuNanos() {
        final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** CPU time per thread, kept after the thread ends (sampled twice a second), summed by name prefix. */
    private static final class CpuSampler {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final Map<Long, Long> cpu = new HashMap<>();
        private final Map<Long, String> names = new HashMap<>();

        void sample() {
            for (final long id : threads.getAllThreadIds()) {
                final long nanos = threads.getThreadCpuTime(id);
                final ThreadInfo info = threads.getThreadInfo(id);
                if (nanos > 0 && info != null) {
                    cpu.merge(id, nanos, Math::max);
                    names.put(id, info.getThreadName());
                }
            }
        }

        double seconds(final String prefix) {
            long total = 0;
            for (final Map.Entry<Long, Long> entry : cpu.entrySet()) {
                if (names.get(entry.getKey()).startsWith(prefix)) {
                    total += entry.getValue();
                }
            }
            return total / 1e9;
        }
    }
}
