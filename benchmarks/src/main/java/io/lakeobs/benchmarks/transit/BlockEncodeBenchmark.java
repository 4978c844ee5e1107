package io.lakeobs.benchmarks.transit;

import io.lakeobs.transit.block.BlockEncoder;
import io.lakeobs.transit.block.BlockSpan;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.TelemetrySummarizer;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Sealing recorded events into a block, as the uploader's thread does: walk and validate the
 * events, gather the dependencies they use, summarise, compress both sections, checksum. Scores
 * are events per second on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BlockEncodeBenchmark {
    @Param({"FIXED", "REALISTIC"})
    public TransitWorkload.Mix mix;

    @Param({"NONE", "LZ4", "ZSTD"})
    public Compression compression;

    private TransitWorkload workload;
    private BlockEncoder encoder;
    private BlockSpan span;

    @Setup
    public void prepare() {
        workload = new TransitWorkload(mix);
        encoder = new BlockEncoder(compression, new TelemetrySummarizer());
        span = workload.span();
    }

    @Benchmark
    @OperationsPerInvocation(TransitWorkload.EVENTS)
    public byte[] encode() {
        return encoder.encode(span, TelemetryTypes.declarations(), workload.events(), 0, workload.length(), workload);
    }
}
