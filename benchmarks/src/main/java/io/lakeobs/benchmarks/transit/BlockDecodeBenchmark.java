package io.lakeobs.benchmarks.transit;

import io.lakeobs.transit.block.BlockReader;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.block.ObjectHandler;
import io.lakeobs.transit.block.ObjectView;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.layout.TypeDeclaration;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.MeasureEvent;
import io.lakeobs.transit.telemetry.SpanEvent;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import io.lakeobs.transit.telemetry.TelemetryVisitor;
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
 * Decoding one block of {@link TransitWorkload#EVENTS} events, whole: checksum, decompression
 * (none for {@code NONE}), validation of every object and reference, then one callback per
 * event. Scores are events per second on one thread; {@code -prof gc} gives bytes per event.
 * {@code blockReader} is the generic zero-allocation path (an {@link ObjectHandler} reading each
 * event's time); {@code telemetryReader} resolves call sites and descriptors to typed events.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BlockDecodeBenchmark {
    @Param({"FIXED", "REALISTIC"})
    public TransitWorkload.Mix mix;

    @Param({"NONE", "LZ4", "ZSTD"})
    public Compression compression;

    private final StreamDeclarations declarations = TelemetryTypes.declarations();
    private final BlockReader blockReader = new BlockReader();
    private final TelemetryReader telemetryReader = new TelemetryReader();
    private final TimeSum timeSum = new TimeSum(declarations);
    private final TelemetrySum telemetrySum = new TelemetrySum();
    private byte[] block;

    @Setup
    public void encode() {
        block = new TransitWorkload(mix).block(compression);
    }

    @Benchmark
    @OperationsPerInvocation(TransitWorkload.EVENTS)
    public long blockReader() {
        blockReader.read(block, 0, block.length, declarations, timeSum);
        return timeSum.sum;
    }

    @Benchmark
    @OperationsPerInvocation(TransitWorkload.EVENTS)
    public long telemetryReader() {
        telemetryReader.read(block, 0, block.length, declarations, telemetrySum);
        return telemetrySum.sum;
    }

    /** Reads every event's time through the declarations, as a generic consumer would. */
    static final class TimeSum implements ObjectHandler {
        private final int[] timeOffset = new int[256];
        long sum;

        TimeSum(final StreamDeclarations declarations) {
            for (final TypeDeclaration type : declarations.types()) {
                final int index = type.memberIndex("time");
                timeOffset[type.typeId()] = index < 0 ? -1 : type.member(index).offset();
            }
        }

        @Override
        public void onObject(final ObjectView object) {
            final int offset = timeOffset[object.type().typeId()];
            if (offset >= 0) {
                sum += object.i64(offset);
            }
        }
    }

    /** Touches a few fields of each typed event without rendering messages. */
    static final class TelemetrySum implements TelemetryVisitor {
        long sum;

        @Override
        public void onLog(final LogEvent log) {
            sum += log.ticks() + log.level() + log.arguments().count();
        }

        @Override
        public void onMeasure(final MeasureEvent measure) {
            sum += measure.ticks() + (long) measure.value();
        }

        @Override
        public void onSpan(final SpanEvent span) {
            sum += span.ticks() + span.spanId();
        }
    }
}
