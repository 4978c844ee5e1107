package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.layout.ObjectDescriptor;
import org.agrona.UnsafeAccess;
import sun.misc.Unsafe;

import java.nio.ByteOrder;

import static io.lakeobs.transit.telemetry.TelemetryTypes.*;

/**
 * The byte layout of every fixed-layout telemetry event, written with raw stores at
 * {@code base + offset} ({@code base} null for off-heap memory, the byte array for heap
 * memory) and with no bounds check. It exists for tracing's recording thread, whose ring has
 * reserved the room before the first store: checking every field again cost about a third of
 * a static log. Everyone else goes through {@link EventEncoder}, which checks an event's room
 * once and then calls this class, so both write the same bytes and the layout lives here only.
 *
 * <p>Callers must have reserved the event's {@code EventEncoder.*_LENGTH} bytes (for logs with
 * arguments, the arguments' bounds too); nothing here can notice a lie.
 */
public final class EventWriter {
    private static final Unsafe UNSAFE = UnsafeAccess.UNSAFE;
    /** Transit is little-endian; a big-endian JVM swaps (a constant the JIT folds away). */
    private static final boolean SWAP = ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN;
    /** Offset of a dynamic event's body from its type byte. */
    private static final int BODY = ObjectDescriptor.DYNAMIC_HEADER_LENGTH;

    private EventWriter() {
    }

    public static void logStatic(final Object base, final long offset, final int callSite, final long time) {
        header(base, offset, LOG_STATIC, callSite, time);
    }

    public static void metricInt(final Object base, final long offset, final int metric, final long time, final long value) {
        header(base, offset, METRIC_INT, metric, time);
        putLong(base, offset + 13, value);
    }

    public static void metricFloat(final Object base, final long offset, final int metric, final long time,
                                   final double value) {
        header(base, offset, METRIC_FLOAT, metric, time);
        putLong(base, offset + 13, Double.doubleToRawLongBits(value));
    }

    public static void metricIntWithProperties(final Object base, final long offset, final int metric,
                                               final int properties, final long time, final long value) {
        metricWithProperties(base, offset, METRIC_INT_PROPS, metric, properties, time, value);
    }

    public static void metricFloatWithProperties(final Object base, final long offset, final int metric,
                                                 final int properties, final long time, final double value) {
        metricWithProperties(base, offset, METRIC_FLOAT_PROPS, metric, properties, time,
            Double.doubleToRawLongBits(value));
    }

    public static void spanBegin(final Object base, final long offset, final int span, final long time) {
        header(base, offset, SPAN_BEGIN, span, time);
    }

    public static void spanEnd(final Object base, final long offset, final int span, final long time) {
        header(base, offset, SPAN_END, span, time);
    }

    public static void asyncBegin(final Object base, final long offset, final int span, final long spanId,
                                  final long parentId, final int depth, final long time) {
        async(base, offset, ASYNC_BEGIN, span, spanId, parentId, depth, time);
    }

    public static void asyncEnd(final Object base, final long offset, final int span, final long spanId,
                                final long parentId, final int depth, final long time) {
        async(base, offset, ASYNC_END, span, spanId, parentId, depth, time);
    }

    /**
     * Starts a log_args event; follow with the arguments and {@link #endLogArgs}.
     *
     * @return the offset of the first argument
     */
    public static long beginLogArgs(final Object base, final long offset, final int callSite, final long time,
                                    final int argumentCount) {
        UNSAFE.putByte(base, offset, (byte) LOG_ARGS);
        putInt(base, offset + BODY, callSite);
        putLong(base, offset + BODY + 4, time);
        UNSAFE.putByte(base, offset + BODY + LOG_ARGS_FIXED + 4, (byte) argumentCount);
        return offset + BODY + LOG_ARGS_FIXED + 5;
    }

    /** Completes the log_args event that starts at {@code start} and whose arguments end at {@code end}. */
    public static void endLogArgs(final Object base, final long start, final long end) {
        final long body = start + BODY;
        putInt(base, start + 1, (int) (end - body));
        putInt(base, body + LOG_ARGS_FIXED, (int) (end - (body + LOG_ARGS_FIXED + 4)));
    }

    /** @return the offset after the argument */
    public static long putLongArgument(final Object base, final long offset, final long value) {
        UNSAFE.putByte(base, offset, (byte) ObjectDescriptor.ARG_I64);
        putLong(base, offset + 1, value);
        return offset + 9;
    }

    /** @return the offset after the argument */
    public static long putDoubleArgument(final Object base, final long offset, final double value) {
        UNSAFE.putByte(base, offset, (byte) ObjectDescriptor.ARG_F64);
        putLong(base, offset + 1, Double.doubleToRawLongBits(value));
        return offset + 9;
    }

    /** @return the offset after the argument */
    public static long putFloatArgument(final Object base, final long offset, final float value) {
        UNSAFE.putByte(base, offset, (byte) ObjectDescriptor.ARG_F32);
        putInt(base, offset + 1, Float.floatToRawIntBits(value));
        return offset + 5;
    }

    /** @return the offset after the argument */
    public static long putCharArgument(final Object base, final long offset, final char value) {
        UNSAFE.putByte(base, offset, (byte) ObjectDescriptor.ARG_CHAR);
        UNSAFE.putShort(base, offset + 1, SWAP ? Short.reverseBytes((short) value) : (short) value);
        return offset + 3;
    }

    /** @return the offset after the argument */
    public static long putBooleanArgument(final Object base, final long offset, final boolean value) {
        UNSAFE.putByte(base, offset, (byte) ObjectDescriptor.ARG_BOOL);
        UNSAFE.putByte(base, offset + 1, (byte) (value ? 1 : 0));
        return offset + 2;
    }

    /**
     * A string argument whose UTF-8 bytes are already known to be {@code utf8[0, length)} (for
     * ASCII text, the chars themselves): one copy, no encoder.
     *
     * @return the offset after the argument
     */
    public static long putUtf8Argument(final Object base, final long offset, final byte[] utf8, final int length) {
        UNSAFE.putByte(base, offset, (byte) ObjectDescriptor.ARG_UTF8);
        putInt(base, offset + 1, length);
        UNSAFE.copyMemory(utf8, Unsafe.ARRAY_BYTE_BASE_OFFSET, base, offset + 5, length);
        return offset + 5 + length;
    }

    /** The common shape {@code [u8 type][u32 id][u64 time]} of log_static, span and metric events. */
    private static void header(final Object base, final long offset, final int type, final int id, final long time) {
        UNSAFE.putByte(base, offset, (byte) type);
        putInt(base, offset + 1, id);
        putLong(base, offset + 5, time);
    }

    private static void metricWithProperties(final Object base, final long offset, final int type, final int metric,
                                             final int properties, final long time, final long valueBits) {
        UNSAFE.putByte(base, offset, (byte) type);
        putInt(base, offset + 1, metric);
        putInt(base, offset + 5, properties);
        putLong(base, offset + 9, time);
        putLong(base, offset + 17, valueBits);
    }

    private static void async(final Object base, final long offset, final int type, final int span, final long spanId,
                              final long parentId, final int depth, final long time) {
        UNSAFE.putByte(base, offset, (byte) type);
        putInt(base, offset + 1, span);
        putLong(base, offset + 5, spanId);
        putLong(base, offset + 13, parentId);
        putInt(base, offset + 21, depth);
        putLong(base, offset + 25, time);
    }

    private static void putInt(final Object base, final long offset, final int value) {
        UNSAFE.putInt(base, offset, SWAP ? Integer.reverseBytes(value) : value);
    }

    private static void putLong(final Object base, final long offset, final long value) {
        UNSAFE.putLong(base, offset, SWAP ? Long.reverseBytes(value) : value);
    }
}
