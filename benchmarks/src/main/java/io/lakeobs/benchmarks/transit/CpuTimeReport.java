package io.lakeobs.benchmarks.transit;

import io.lakeobs.transit.block.BlockEncoder;
import io.lakeobs.transit.block.BlockReader;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetrySummarizer;
import io.lakeobs.transit.telemetry.TelemetryTypes;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The transit figures per CPU-second of the measuring thread, i.e. per core. On a machine shared
 * with other builds, JMH's wall-clock scores measure the share of a core the thread was given;
 * thread CPU time counts only the time it ran, so these figures hold under load. Same workloads
 * and consumers as the JMH benchmarks ({@link BlockDecodeBenchmark}, {@link BlockEncodeBenchmark},
 * {@link CodecBenchmark}); each case warms up for half its budget, then runs for about
 * {@code seconds} of CPU time.
 * {@code java -cp benchmarks/target/benchmarks.jar io.lakeobs.benchmarks.transit.CpuTimeReport [seconds]}
 */
public final class CpuTimeReport {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTimeReport() {
    }

    public static void main(final String[] args) {
        final double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        System.out.printf("%-9s %-5s %-16s %14s %12s%n", "mix", "codec", "operation", "events/cpu-s", "MB/cpu-s");
        for (final TransitWorkload.Mix mix : TransitWorkload.Mix.values()) {
            final TransitWorkload workload = new TransitWorkload(mix);
            for (final Compression compression : Compression.values()) {
                final byte[] block = workload.block(compression);
                final BlockReader blockReader = new BlockReader();
                final TelemetryReader telemetryReader = new TelemetryReader();
                final BlockDecodeBenchmark.TimeSum timeSum = new BlockDecodeBenchmark.TimeSum(TelemetryTypes.declarations());
                final BlockDecodeBenchmark.TelemetrySum telemetrySum = new BlockDecodeBenchmark.TelemetrySum();
                final BlockEncoder encoder = new BlockEncoder(compression, new TelemetrySummarizer());
                report(mix, compression, "decode generic", workload, seconds,
                    () -> blockReader.read(block, 0, block.length, TelemetryTypes.declarations(), timeSum));
                report(mix, compression, "decode telemetry", workload, seconds,
                    () -> telemetryReader.read(block, 0, block.length, TelemetryTypes.declarations(), telemetrySum));
                report(mix, compression, "encode", workload, seconds, () -> encoder.encode(workload.span(),
                    TelemetryTypes.declarations(), workload.events(), 0, workload.length(), workload));
            }
        }
        System.out.println();
        System.out.printf("%-9s %-5s %-10s %12s %14s%n", "mix", "codec", "operation", "MB/cpu-s", "ratio");
        final TransitWorkload workload = new TransitWorkload(TransitWorkload.Mix.REALISTIC);
        final byte[] section = Arrays.copyOf(workload.events().byteArray(), workload.length());
        for (final Compression compression : new Compression[] {Compression.LZ4, Compression.ZSTD}) {
            final byte[] compressed = new byte[compression.maxCompressedLength(section.length)];
            final int compressedLength = compression.compress(section, section.length, compressed, 0);
            final byte[] inflated = new byte[section.length];
            final double ratio = section.length / (double) compressedLength;
            final double compress = perCpuSecond(() -> compression.compress(section, section.length, compressed, 0), seconds);
            final double decompress = perCpuSecond(
                () -> compression.decompress(compressed, 0, compressedLength, inflated, inflated.length), seconds);
            System.out.printf("%-9s %-5s %-10s %12.1f %14.2f%n", "REALISTIC", compression, "compress",
                compress * section.length / 1e6, ratio);
            System.out.printf("%-9s %-5s %-10s %12.1f %14.2f%n", "REALISTIC", compression, "decompress",
                decompress * section.length / 1e6, ratio);
        }
    }

    private static void report(final TransitWorkload.Mix mix, final Compression compression, final String operation,
                               final TransitWorkload workload, final double seconds, final Runnable blockOperation) {
        final double blocks = perCpuSecond(blockOperation, seconds);
        System.out.printf("%-9s %-5s %-16s %14.0f %12.1f%n", mix, compression, operation,
            blocks * TransitWorkload.EVENTS, blocks * workload.length() / 1e6);
    }

    /** Operations per CPU-second of this thread, after a warm-up of half the budget. */
    private static double perCpuSecond(final Runnable operation, final double seconds) {
        run(operation, seconds / 2);
        return run(operation, seconds);
    }

    private static double run(final Runnable operation, final double seconds) {
        final long budget = (long) (seconds * 1e9);
        final long start = THREADS.getCurrentThreadCpuTime();
        long operations = 0;
        long used;
        do {
            operation.run();
            operations++;
            used = THREADS.getCurrentThreadCpuTime() - start;
        } while (used < budget);
        return operations / (used / 1e9);
    }
}
