package io.lakeobs.benchmarks.tracing;

import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingBuilder;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.tracing.sink.EncodedBlock;
import io.lakeobs.tracing.sink.ProcessInfo;
import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.tracing.sink.TelemetrySink;
import io.lakeobs.tracing.testing.LoadGenerator;
import io.lakeobs.transit.telemetry.Level;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Burst harness (not part of {@code make test}; a short version is {@code BurstTest} in tracing):
 * one thread logs a burst of events within a given time while {@link LoadGenerator}'s busy
 * threads spin on the same cores, through the real collector, encoder and LZ4 into a sink that
 * counts. Reports, per run, events logged, delivered in blocks and dropped by full rings,
 * exactly (logged = delivered + dropped is checked), with the default ring size or another.
 *
 * <pre>java -cp benchmarks.jar io.lakeobs.benchmarks.tracing.BurstHarness busy=4 events=250000 seconds=1 mode=paced runs=5 [ringKiB=..] [blockKiB=..] [pollMs=..] [prime=..]</pre>
 *
 * {@code mode=paced} spreads the burst evenly over {@code seconds} (what is due every
 * millisecond, parking between); {@code mode=tight} logs it as fast as the thread can. Ring,
 * block target and collector poll period are tracing's defaults unless given. Every run installs
 * tracing afresh in the same JVM, so run 0 is the cold one (its collector not yet compiled);
 * {@code prime=N} logs N events through a throw-away installation first (class loading, LZ4's
 * native library).
 */
public final class BurstHarness {
    static final LogCallSite TWO = Tracing.logSite(Level.INFO, "burst.Orders", "took {} ms for {}", "BurstHarness.java", 1);
    static final LogCallSite TEXT = Tracing.logSite(Level.INFO, "burst.Orders", "order {} accepted", "BurstHarness.java", 2);
    static final String ORDER = "order-00000000-0000-0000-0000-01";
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private BurstHarness() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = options(args);
        final int busy = Integer.parseInt(options.getOrDefault("busy", "4"));
        final int events = Integer.parseInt(options.getOrDefault("events", "250000"));
        final double seconds = Double.parseDouble(options.getOrDefault("seconds", "1"));
        final boolean paced = switch (options.getOrDefault("mode", "paced")) {
            case "paced" -> true;
            case "tight" -> false;
            default -> throw new IllegalArgumentException("mode must be paced or tight: " + options.get("mode"));
        };
        final int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        final String ring = options.get("ringKiB");
        final String block = options.get("blockKiB");
        final int prime = Integer.parseInt(options.getOrDefault("prime", "0"));
        final String poll = options.get("pollMs");
        System.out.printf("busy=%d events=%,d seconds=%s mode=%s ringKiB=%s blockKiB=%s pollMs=%s prime=%d cores=%d%n", busy,
            events, seconds, paced ? "paced" : "tight", ring == null ? "default" : ring, block == null ? "default" : block,
            poll == null ? "default" : poll, prime, Runtime.getRuntime().availableProcessors());
        long allLogged = 0;
        long allDropped = 0;
        long worst = 0;
        if (prime > 0) { // loads the encoder's classes and LZ4's native library before the first burst
            try (TracingRuntime runtime = Tracing.builder().sink(new CountingSink()).shutdownHook(false).install()) {
                burst(prime, 1, false);
                runtime.flush();
            }
        }
        try (LoadGenerator load = new LoadGenerator(busy)) {
            for (int run = 0; run < runs; run++) {
                final CountingSink sink = new CountingSink();
                final TracingBuilder builder = Tracing.builder().sink(sink).shutdownHook(false);
                if (ring != null) {
                    builder.ringCapacity(Integer.parseInt(ring) << 10);
                }
                if (block != null) {
                    builder.blockTargetBytes(Integer.parseInt(block) << 10);
                }
                if (poll != null) {
                    builder.collectorPollPeriod(Duration.ofMillis(Long.parseLong(poll)));
                }
                final TracingRuntime runtime = builder.install();
                final Thread collector = thread("lakeobs-collector");
                final long[] took = new long[1];
                final Thread burst = new Thread(() -> took[0] = burst(events, (long) (seconds * 1e9), paced), "burst");
                burst.start();
                burst.join();
                final long collectorCpu = MX.getThreadCpuTime(collector.getId());
                if (!runtime.flush(Duration.ofMinutes(2))) {
                    throw new IllegalStateException("flush timed out");
                }
                final long dropped = runtime.droppedEvents(StreamKind.LOG);
                runtime.close();
                final long delivered = sink.logEvents.get();
                if (delivered + dropped != events || sink.droppedReported.get() != dropped) {
                    throw new IllegalStateException("accounting: logged " + events + ", delivered " + delivered + ", dropped "
                        + dropped + ", reported to the sink " + sink.droppedReported.get());
                }
                System.out.printf("run %d: logged=%,d in %.3f s delivered=%,d dropped=%,d (%.2f %%), collector CPU %.0f ms during the burst%n",
                    run, events, took[0] / 1e9, delivered, dropped, 100.0 * dropped / events, collectorCpu / 1e6);
                allLogged += events;
                allDropped += dropped;
                worst = Math.max(worst, dropped);
            }
        }
        System.out.printf("total: logged=%,d dropped=%,d (%.2f %%), worst run %,d (%.2f %%)%n", allLogged, allDropped,
            100.0 * allDropped / allLogged, worst, 100.0 * worst / events);
    }

    /** Logs {@code events} (three logs with two longs to one with a 32-char string) within {@code nanos}; returns the time taken. */
    static long burst(final int events, final long nanos, final boolean paced) {
        final long start = System.nanoTime();
        int done = 0;
        while (done < events) {
            final int due = paced ? (int) Math.min(events, (System.nanoTime() - start) * events / nanos) : events;
            if (done >= due) {
                LockSupport.parkNanos(1_000_000);
                continue;
            }
            for (; done < due; done++) {
                if ((done & 3) == 3) {
                    TEXT.log(ORDER);
                } else {
                    TWO.log(done, done >> 3);
                }
            }
        }
        return System.nanoTime() - start;
    }

    private static Thread thread(final String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalStateException("no thread " + name));
    }

    private static Map<String, String> options(final String[] args) {
        final Map<String, String> options = new LinkedHashMap<>();
        for (final String arg : args) {
            final int equals = arg.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("arguments are key=value: " + arg);
            }
            options.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        return options;
    }

    /** Counts the log events it receives and the drops tracing reports; keeps nothing. */
    static final class CountingSink implements TelemetrySink {
        final AtomicLong logEvents = new AtomicLong();
        final AtomicLong droppedReported = new AtomicLong();

        @Override
        public void onProcessStarted(final ProcessInfo process) {
        }

        @Override
        public void onStreamCreated(final StreamInfo stream) {
        }

        @Override
        public void onBlock(final EncodedBlock block) {
            if (block.kind() == StreamKind.LOG) {
                logEvents.addAndGet(block.header().objectCount());
            }
        }

        @Override
        public void onEventsDropped(final StreamKind kind, final long events) {
            droppedReported.addAndGet(events);
        }

        @Override
        public void flush() {
        }

        @Override
        public void shutdown(final Duration deadline) {
        }
    }
}
