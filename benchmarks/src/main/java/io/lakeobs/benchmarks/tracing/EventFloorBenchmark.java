package io.lakeobs.benchmarks.tracing;

import io.lakeobs.transit.telemetry.EventDescriptor;
import io.lakeobs.transit.telemetry.EventEncoder;
import io.lakeobs.transit.telemetry.EventWriter;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The floor under {@link RecordingBenchmark}: the same events written with the same
 * {@code EventWriter} stores into off-heap memory, with none of tracing around them (no level
 * check, no recorder lookup, no claim against a consumer, no release store), only a wrapping
 * index. What tracing adds is the difference. Reported, not judged.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class EventFloorBenchmark {
    private static final int CAPACITY = 1 << 20;
    private static final int LOG_TWO_LONGS = EventDescriptor.LOG_ARGS_PREFIX + 2 * EventDescriptor.PRIMITIVE_ARGUMENT_LENGTH;

    private final long address = new UnsafeBuffer(BufferUtil.allocateDirectAligned(CAPACITY, 64)).addressOffset();
    private final long time = 42;
    private int index;
    private long counter;

    @Benchmark
    public void staticLogStores() {
        final int at = next(EventDescriptor.LOG_STATIC_LENGTH);
        EventWriter.logStatic(null, address + at, 7, time);
    }

    @Benchmark
    public void logTwoLongsStores() {
        final long value = counter++;
        final long start = address + next(LOG_TWO_LONGS);
        final long first = EventWriter.putLongArgument(null, EventWriter.beginLogArgs(null, start, 7, time, 2), value);
        EventWriter.endLogArgs(null, start, EventWriter.putLongArgument(null, first, value + 1));
    }

    private int next(final int length) {
        int at = index;
        if (at + length > CAPACITY) {
            at = 0;
        }
        index = at + length;
        return at;
    }
}
