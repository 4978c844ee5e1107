package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.layout.ObjectDescriptor;
import org.agrona.UnsafeAccess;
import sun.misc.Unsafe;

import java.nio.ByteOrder;

import static io.lakeobs.transit.telemetry.EventDescriptor.*;
import static io.lakeobs.transit.telemetry.TelemetryTypes.*;

/**
 * Writes every fixed-layout telemetry event ({@link EventDescriptor}'s layout) with raw stores at
 * {@code base + offset} ({@code base} null for off-heap memory, the byte array for heap
 * memory) and with no bounds check. It exists for tracing's recording thread, whose ring has
 * reserved the room before the first store: checking every field again cost about a third of
 * a static log. Everyone else goes through {@link EventEncoder}, which checks an event's room
 * once and then calls this class, so both write the same bytes.
 *
 * <p>Callers must have reserved the event's {@code EventDescriptor.*_LENGTH} bytes (for logs with
 * arguments, the arguments' bounds too); nothing here can notice a lie.
 */
public final class EventWriter {
    private static final Unsafe UNSAFE = UnsafeAccess.UNSAFE;
    /** Transit is little-endian; a big-endian JVM swaps (a constant the JIT folds away). */
    private static final boolean SWAP = ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN;
    /** Offset of a fixed event's body from its type byte. */
    private static final int FIXED_BODY = ObjectDescriptor.TYPE_LENGTH;
    /** Offset of a dynamic event's body from its type byte. */
    private static final int BODY = ObjectDescriptor.DYNAMIC_HEADER_LENGTH;

    private EventWriter() {
    }

    public static void logStatic(final Object base, final long offset, final int callSite, final long time) {
        header(base, offset, LOG_STATIC, callSite, time);
    }

    public static void metricInt(final Object base, final long offset, final int metric, final long time, final long value) {
        header(base, offset, METRIC_INT, metric, time);
        putLong(base, offset + FIXED_BODY + METRIC_VALUE_OFFSET, value);
    }

    public static void metricFloat(final Object base, final long offset, final int metric, final long time,
                                   final double value) {
        header(base, offset, METRIC_FLOAT, metric, time);
        putLong(base, offset + FIXED_BODY + METRIC_VALUE_OFFSET, Double.doubleToRawLongBits(value));
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

    /** The events that follow in the stream, up to the next thread_switch, are thread {@code threadId}'s. */
    public static void threadSwitch(final Object base, final long offset, final long threadId, final long time) {
        UNSAFE.putByte(base, offset, (byte) THREAD_SWITCH);
        putLong(base, offset + FIXED_BODY + THREAD_SWITCH_THREAD_OFFSET, threadId);
        putLong(base, offset + FIXED_BODY + THREAD_SWITCH_TIME_OFFSET, time);
    }

    /**
     * Starts a log_args event; follow with the arguments and {@link #endLogArgs}.
     *
     * @return the offset of the first argument
     */
    public static long beginLogArgs(final Object base, final long offset, final int callSite, final long time,
                                    final int argumentCount) {
        UNSAFE.putByte(base, offset, (byte) LOG_ARGS);
        putInt(base, offset + BODY + ID_OFFSET, callSite);
        putLong(base, offset + BODY + TIME_OFFSET, time);
        UNSAFE.putByte(base, offset + LOG_ARGS_MEMBER + MEMBER_LENGTH_FIELD, (byte) argumentCount);
        return offset + LOG_ARGS_PREFIX;
    }

    /** Completes the log_args event that starts at {@code start} and whose arguments end at {@code end}. */
    public static void endLogArgs(final Object base, final long start, final long end) {
        putInt(base, start + ObjectDescriptor.TYPE_LENGTH, (int) (end - (start + BODY)));
        final long member = start + LOG_ARGS_MEMBER;
        putInt(base, member, (int) (end - (member + MEMBER_LENGTH_FIELD)));
    }

    /** @return the offset after the argument */
    public static long putLongArgument(final Object base, final long offset, final long value) {
        UNSAFE.putByte(base, offset, (byte) ObjectDescriptor.ARG_I64);
        putLong(base, offset + TAG_LENGTH, value);
        return offset + LONG_ARGUMENT_LENGTH;
    }

    /** @return the offset after the argument */
    public static long putDoubleArgument(final Object base, final long offset, final double value) {
        UNSAFE.putByte(base, offset, (byte) ObjectDescriptor.ARG_F64);
        putLong(base, offset + TAG_LENGTH, Double.doubleToRawLongBits(value));
        return offset + DOUBLE_ARGUMENT_LENGTH;
    }

    /** @return the offset after the argument */
    public static long putFloatArgument(final Object base, final long offset, final float value) {
        UNSAFE.putByte(base, offset, (byte) ObjectDescriptor.ARG_F32);
        putInt(base, offset + TAG_LENGTH, Float.floatToRawIntBits(value));
        return offset + FLOAT_ARGUMENT_LENGTH;
    }

    /** @return the offset after the argument */
    public static long putCharArgument(final Object base, final long offset, final char value) {
        UNSAFE.putByte(base, offset, (byte) ObjectDescriptor.ARG_CHAR);
        UNSAFE.putShort(base, offset + TAG_LENGTH, SWAP ? Short.reverseBytes((short) value) : (short) value);
        return offset + CHAR_ARGUMENT_LENGTH;
    }

    /** @return the offset after the argument */
    public static long putBooleanArgument(final Object base, final long offset, final boolean value) {
        UNSAFE.putByte(base, offset, (byte) ObjectDescriptor.ARG_BOOL);
        UNSAFE.putByte(base, offset + TAG_LENGTH, (byte) (value ? 1 : 0));
        return offset + BOOLEAN_ARGUMENT_LENGTH;
    }

    /**
     * A string argument whose UTF-8 bytes are already known to be {@code utf8[0, length)} (for
     * ASCII text, the chars themselves): one copy, no encoder.
     *
     * @return the offset after the argument
     */
    public static long putUtf8Argument(final Object base, final long offset, final byte[] utf8, final int length) {
        UNSAFE.putByte(base, offset, (byte) ObjectDescriptor.ARG_UTF8);
        putInt(base, offset + TAG_LENGTH, length);
        UNSAFE.copyMemory(utf8, Unsafe.ARRAY_BYTE_BASE_OFFSET, base, offset + STRING_ARGUMENT_PREFIX, length);
        return offset + STRING_ARGUMENT_PREFIX + length;
    }

    /** The common shape {@code [u8 type][u32 id][u64 time]} of log_static, span and metric events. */
    private static void header(final Object base, final long offset, final int type, final int id, final long time) {
        UNSAFE.putByte(base, offset, (byte) type);
        putInt(base, offset + FIXED_BODY + ID_OFFSET, id);
        putLong(base, offset + FIXED_BODY + TIME_OFFSET, time);
    }

    private static void metricWithProperties(final Object base, final long offset, final int type, final int metric,
                                             final int properties, final long time, final long valueBits) {
        UNSAFE.putByte(base, offset, (byte) type);
        putInt(base, offset + FIXED_BODY + ID_OFFSET, metric);
        putInt(base, offset + FIXED_BODY + METRIC_PROPERTIES_OFFSET, properties);
        putLong(base, offset + FIXED_BODY + METRIC_PROPS_TIME_OFFSET, time);
        putLong(base, offset + FIXED_BODY + METRIC_PROPS_VALUE_OFFSET, valueBits);
    }

    private static void async(final Object base, final long offset, final int type, final int span, final long spanId,
                              final long parentId, final int depth, final long time) {
        UNSAFE.putByte(base, offset, (byte) type);
        putInt(base, offset + FIXED_BODY + ID_OFFSET, span);
        putLong(base, offset + FIXED_BODY + ASYNC_SPAN_ID_OFFSET, spanId);
        putLong(base, offset + FIXED_BODY + ASYNC_PARENT_ID_OFFSET, parentId);
        putInt(base, offset + FIXED_BODY + ASYNC_DEPTH_OFFSET, depth);
        putLong(base, offset + FIXED_BODY + ASYNC_TIME_OFFSET, time);
    }

    private static void putInt(final Object base, final long offset, final int value) {
        UNSAFE.putInt(base, offset, SWAP ? Integer.reverseBytes(value) : value);
    }

    private static void putLong(final Object base, final long offset, final long value) {
        UNSAFE.putLong(base, offset, SWAP ? Long.reverseBytes(value) : value);
    }
}
