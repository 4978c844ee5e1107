package io.lakeobs.benchmarks.transit;

import io.lakeobs.transit.block.Compression;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * LZ4 against zstd (level {@value Compression#ZSTD_LEVEL}) on the objects section of the
 * realistic workload, through the same {@link Compression} calls the block codec makes. One
 * operation is one whole section ({@code WorkloadReport} prints its size and each codec's
 * ratio), so MB/s = ops/s x section size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark {
    @Param({"LZ4", "ZSTD"})
    public Compression compression;

    @Param({"REALISTIC"})
    public TransitWorkload.Mix mix;

    private byte[] section;
    private byte[] compressed;
    private int compressedLength;
    private byte[] inflated;

    @Setup
    public void prepare() {
        final TransitWorkload workload = new TransitWorkload(mix);
        section = Arrays.copyOf(workload.events().byteArray(), workload.length());
        compressed = new byte[compression.maxCompressedLength(section.length)];
        compressedLength = compression.compress(section, section.length, compressed, 0);
        inflated = new byte[section.length];
    }

    @Benchmark
    public int compress() {
        return compression.compress(section, section.length, compressed, 0);
    }

    @Benchmark
    public byte[] decompress() {
        compression.decompress(compressed, 0, compressedLength, inflated, inflated.length);
        return inflated;
    }
}
