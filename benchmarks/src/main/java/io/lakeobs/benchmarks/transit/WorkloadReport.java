package io.lakeobs.benchmarks.transit;

import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.Compression;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Prints the size facts of the benchmark workloads (events, raw bytes, stored bytes and ratio
 * per codec), which turn the benchmarks' events/s into MB/s:
 * {@code java -cp benchmarks/target/benchmarks.jar io.lakeobs.benchmarks.transit.WorkloadReport}.
 */
public final class WorkloadReport {
    private WorkloadReport() {
    }

    public static void main(final String[] args) {
        for (final TransitWorkload.Mix mix : TransitWorkload.Mix.values()) {
            final TransitWorkload workload = new TransitWorkload(mix);
            System.out.printf("%s: %d events, %d bytes of events (%.1f B/event)%n", mix, TransitWorkload.EVENTS,
                workload.length(), workload.length() / (double) TransitWorkload.EVENTS);
            for (final Compression compression : Compression.values()) {
                final byte[] block = workload.block(compression);
                final BlockHeader header = BlockHeader.decode(new UnsafeBuffer(block), 0, block.length);
                final long raw = (long) header.dependenciesSize() + header.objectsSize();
                System.out.printf("  %-4s block %8d bytes: objects %d -> %d, dependencies %d -> %d, ratio %.2f%n",
                    compression, block.length, header.objectsSize(), header.objectsCompressedSize(), header.dependenciesSize(),
                    header.dependenciesCompressedSize(), raw / (double) (header.objectsCompressedSize()
                        + header.dependenciesCompressedSize()));
            }
        }
    }
}
