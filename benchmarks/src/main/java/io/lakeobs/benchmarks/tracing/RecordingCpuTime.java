package io.lakeobs.benchmarks.tracing;

import io.lakeobs.tracing.Clock;
import io.lakeobs.tracing.SpanScope;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.transit.telemetry.Level;

import java.lang.management.ManagementFactory;

/**
 * A cross-check of {@link RecordingBenchmark} that survives a busy machine: the same operations
 * in a plain loop, timed with the thread's CPU time rather than wall time (time spent
 * descheduled by other processes is not counted), and the thread's allocated bytes. The rings
 * are emptied every 4096 events as in the JMH {@code ring=hot} setup. Not a replacement for JMH:
 * a loop without JMH's protections; reported next to the JMH figures, never instead of them.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.lakeobs.benchmarks.tracing.RecordingCpuTime [constant|system] [millionOps=100]</pre>
 */
public final class RecordingCpuTime {
    private static final com.sun.management.ThreadMXBean MX =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final String TEXT = "0123456789abcdef0123456789ABCDEF";

    private RecordingCpuTime() {
    }

    public static void main(final String[] args) {
        final String clock = args.length > 0 ? args[0] : "constant";
        final long ops = (args.length > 1 ? Long.parseLong(args[1]) : 100) * 1_000_000L;
        final TracingRuntime runtime = Tracing.builder().clock("constant".equals(clock) ? Clock.constant(42) : Clock.system())
            .manualCollector().minLevel(Level.INFO).shutdownHook(false).install();
        System.out.printf("clock=%s ops=%,d (CPU time per op, allocated bytes per op)%n", clock, ops);
        for (int kind = 0; kind < NAMES.length; kind++) {
            measure(kind, ops, runtime);
        }
        if (runtime.droppedEventsOfCurrentThread() != 0) {
            throw new IllegalStateException("events dropped: figures invalid");
        }
        runtime.close();
    }

    static final String[] NAMES = {"nanoTime", "staticLog", "logTwoLongs", "logString32", "intMetric", "floatMetric",
        "spanBeginEnd", "disabledLog"};
    static long sink;

    private static void measure(final int kind, final long ops, final TracingRuntime runtime) {
        run(kind, ops / 5, runtime); // warm-up
        final long tid = Thread.currentThread().getId();
        final long allocated = MX.getThreadAllocatedBytes(tid);
        final long cpu = MX.getCurrentThreadCpuTime();
        run(kind, ops, runtime);
        final long cpuNanos = MX.getCurrentThreadCpuTime() - cpu;
        final long bytes = MX.getThreadAllocatedBytes(tid) - allocated;
        System.out.printf("%-14s %8.2f ns/op  %.4f B/op%n", NAMES[kind], (double) cpuNanos / ops, (double) bytes / ops);
    }

    /** One loop for all operations, switching on a per-call constant, so every call site stays monomorphic and inlined. */
    private static void run(final int kind, final long ops, final TracingRuntime runtime) {
        for (long i = 0; i < ops; i++) {
            switch (kind) {
                case 0 -> sink ^= System.nanoTime();
                case 1 -> RecordingBenchmark.STATIC.log();
                case 2 -> RecordingBenchmark.TWO.log(i, i + 1);
                case 3 -> RecordingBenchmark.TEXT.log(TEXT);
                case 4 -> RecordingBenchmark.LATENCY.record(i);
                case 5 -> RecordingBenchmark.LOAD.record(i * 0.5);
                case 6 -> {
                    try (SpanScope scope = RecordingBenchmark.WORK.enter()) {
                        sink ^= i;
                    }
                }
                default -> RecordingBenchmark.DEBUG.log(i);
            }
            if ((i & 4095) == 4095) {
                runtime.discard();
            }
        }
    }
}
