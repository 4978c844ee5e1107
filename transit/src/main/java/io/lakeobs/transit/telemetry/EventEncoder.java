package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.layout.ObjectDescriptor;
import io.lakeobs.transit.layout.Utf8;
import org.agrona.MutableDirectBuffer;

import static io.lakeobs.transit.telemetry.TelemetryTypes.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Writes telemetry events in place into an Agrona buffer: a few stores, no allocation, no
 * formatting. Every method takes the index to write at and returns the index after the event.
 * Fixed-layout events are checked once for room (an expandable buffer grows) and written by
 * {@link EventWriter}, which holds their layout; size the room beforehand with the
 * {@code *_LENGTH} constants or the {@code *Bound} methods.
 */
public final class EventEncoder {
    public static final int LOG_STATIC_LENGTH = 1 + LOG_STATIC_SIZE;
    public static final int METRIC_LENGTH = 1 + METRIC_SIZE;
    public static final int METRIC_PROPS_LENGTH = 1 + METRIC_PROPS_SIZE;
    public static final int SPAN_LENGTH = 1 + SPAN_SIZE;
    public static final int ASYNC_LENGTH = 1 + ASYNC_SIZE;
    /** Bytes of a log_args event before its first argument. */
    public static final int LOG_ARGS_PREFIX = ObjectDescriptor.DYNAMIC_HEADER_LENGTH + LOG_ARGS_FIXED + 4 + 1;
    /** Bytes of a numeric or boolean argument, upper bound. */
    public static final int PRIMITIVE_ARGUMENT_LENGTH = 9;
    /** Exact bytes of each primitive argument: tag and value. */
    public static final int LONG_ARGUMENT_LENGTH = 9;
    public static final int DOUBLE_ARGUMENT_LENGTH = 9;
    public static final int FLOAT_ARGUMENT_LENGTH = 5;
    public static final int CHAR_ARGUMENT_LENGTH = 3;
    public static final int BOOLEAN_ARGUMENT_LENGTH = 2;
    /** Bytes of a log_record event before its first argument. */
    public static final int LOG_RECORD_PREFIX = ObjectDescriptor.DYNAMIC_HEADER_LENGTH + LOG_RECORD_FIXED + 4 + 1;
    /** Bytes of a log_record's properties and exception members besides their entries: a length and a count each. */
    public static final int LOG_RECORD_MEMBERS = 2 * 5;

    private EventEncoder() {
    }

    public static int logStatic(final MutableDirectBuffer buffer, final int index, final int callSite, final long time) {
        final long offset = room(buffer, index, LOG_STATIC_LENGTH);
        EventWriter.logStatic(buffer.byteArray(), offset, callSite, time);
        return index + LOG_STATIC_LENGTH;
    }

    public static int metricInt(final MutableDirectBuffer buffer, final int index, final int metric, final long time,
                                final long value) {
        final long offset = room(buffer, index, METRIC_LENGTH);
        EventWriter.metricInt(buffer.byteArray(), offset, metric, time, value);
        return index + METRIC_LENGTH;
    }

    public static int metricFloat(final MutableDirectBuffer buffer, final int index, final int metric, final long time,
                                  final double value) {
        final long offset = room(buffer, index, METRIC_LENGTH);
        EventWriter.metricFloat(buffer.byteArray(), offset, metric, time, value);
        return index + METRIC_LENGTH;
    }

    public static int metricIntWithProperties(final MutableDirectBuffer buffer, final int index, final int metric,
                                              final int properties, final long time, final long value) {
        final long offset = room(buffer, index, METRIC_PROPS_LENGTH);
        EventWriter.metricIntWithProperties(buffer.byteArray(), offset, metric,
            properties, time, value);
        return index + METRIC_PROPS_LENGTH;
    }

    public static int metricFloatWithProperties(final MutableDirectBuffer buffer, final int index, final int metric,
                                                final int properties, final long time, final double value) {
        final long offset = room(buffer, index, METRIC_PROPS_LENGTH);
        EventWriter.metricFloatWithProperties(buffer.byteArray(), offset, metric,
            properties, time, value);
        return index + METRIC_PROPS_LENGTH;
    }

    public static int spanBegin(final MutableDirectBuffer buffer, final int index, final int span, final long time) {
        final long offset = room(buffer, index, SPAN_LENGTH);
        EventWriter.spanBegin(buffer.byteArray(), offset, span, time);
        return index + SPAN_LENGTH;
    }

    public static int spanEnd(final MutableDirectBuffer buffer, final int index, final int span, final long time) {
        final long offset = room(buffer, index, SPAN_LENGTH);
        EventWriter.spanEnd(buffer.byteArray(), offset, span, time);
        return index + SPAN_LENGTH;
    }

    /** Upper bound of a span_named_begin event's length. */
    public static int namedSpanBound(final CharSequence name) {
        return ObjectDescriptor.DYNAMIC_HEADER_LENGTH + SPAN_NAMED_FIXED + 4 + Utf8.MAX_BYTES_PER_CHAR * name.length();
    }

    public static int namedSpanBegin(final MutableDirectBuffer buffer, final int index, final int span, final long time,
                                     final CharSequence name) {
        buffer.putByte(index, (byte) SPAN_NAMED_BEGIN);
        final int body = index + ObjectDescriptor.DYNAMIC_HEADER_LENGTH;
        buffer.putInt(body, span, LITTLE_ENDIAN);
        buffer.putLong(body + 4, time, LITTLE_ENDIAN);
        final int end = putUtf8(buffer, body + SPAN_NAMED_FIXED, name);
        buffer.putInt(index + 1, end - body, LITTLE_ENDIAN);
        return end;
    }

    public static int asyncBegin(final MutableDirectBuffer buffer, final int index, final int span, final long spanId,
                                 final long parentId, final int depth, final long time) {
        final long offset = room(buffer, index, ASYNC_LENGTH);
        EventWriter.asyncBegin(buffer.byteArray(), offset, span, spanId, parentId, depth, time);
        return index + ASYNC_LENGTH;
    }

    public static int asyncEnd(final MutableDirectBuffer buffer, final int index, final int span, final long spanId,
                               final long parentId, final int depth, final long time) {
        final long offset = room(buffer, index, ASYNC_LENGTH);
        EventWriter.asyncEnd(buffer.byteArray(), offset, span, spanId, parentId, depth, time);
        return index + ASYNC_LENGTH;
    }

    /**
     * Starts a log_args event; follow with {@code argumentCount} {@code put*Argument} calls and
     * {@link #endLogArgs}.
     *
     * @return the index of the first argument
     */
    public static int beginLogArgs(final MutableDirectBuffer buffer, final int index, final int callSite, final long time,
                                   final int argumentCount) {
        final long offset = room(buffer, index, LOG_ARGS_PREFIX);
        return index + (int) (EventWriter.beginLogArgs(buffer.byteArray(), offset, callSite, time, argumentCount) - offset);
    }

    /** Completes the event that starts at {@code start} and whose arguments end at {@code end}; returns {@code end}. */
    public static int endLogArgs(final MutableDirectBuffer buffer, final int start, final int end) {
        final long offset = room(buffer, start, end - start);
        EventWriter.endLogArgs(buffer.byteArray(), offset, offset + (end - start));
        return end;
    }

    /** Upper bound of the bytes of a string argument. */
    public static int stringArgumentBound(final CharSequence value) {
        return value == null ? 1 : 5 + Utf8.MAX_BYTES_PER_CHAR * value.length();
    }

    public static int putLongArgument(final MutableDirectBuffer buffer, final int index, final long value) {
        final long offset = room(buffer, index, PRIMITIVE_ARGUMENT_LENGTH);
        EventWriter.putLongArgument(buffer.byteArray(), offset, value);
        return index + PRIMITIVE_ARGUMENT_LENGTH;
    }

    public static int putDoubleArgument(final MutableDirectBuffer buffer, final int index, final double value) {
        final long offset = room(buffer, index, PRIMITIVE_ARGUMENT_LENGTH);
        EventWriter.putDoubleArgument(buffer.byteArray(), offset, value);
        return index + PRIMITIVE_ARGUMENT_LENGTH;
    }

    public static int putFloatArgument(final MutableDirectBuffer buffer, final int index, final float value) {
        final long offset = room(buffer, index, FLOAT_ARGUMENT_LENGTH);
        EventWriter.putFloatArgument(buffer.byteArray(), offset, value);
        return index + FLOAT_ARGUMENT_LENGTH;
    }

    public static int putCharArgument(final MutableDirectBuffer buffer, final int index, final char value) {
        final long offset = room(buffer, index, CHAR_ARGUMENT_LENGTH);
        EventWriter.putCharArgument(buffer.byteArray(), offset, value);
        return index + CHAR_ARGUMENT_LENGTH;
    }

    public static int putBooleanArgument(final MutableDirectBuffer buffer, final int index, final boolean value) {
        final long offset = room(buffer, index, 2);
        EventWriter.putBooleanArgument(buffer.byteArray(), offset, value);
        return index + 2;
    }

    /** A null value is written as the null tag. */
    public static int putStringArgument(final MutableDirectBuffer buffer, final int index, final CharSequence value) {
        return putStringArgument(buffer, index, value, false);
    }

    /**
     * A string argument; {@code cut} marks a value the writer truncated (the reader shows it).
     * A null value is written as the null tag.
     */
    public static int putStringArgument(final MutableDirectBuffer buffer, final int index, final CharSequence value,
                                        final boolean cut) {
        if (value == null) {
            buffer.putByte(index, (byte) ObjectDescriptor.ARG_NULL);
            return index + 1;
        }
        buffer.putByte(index, (byte) (cut ? ObjectDescriptor.ARG_UTF8_CUT : ObjectDescriptor.ARG_UTF8));
        return putUtf8(buffer, index + 1, value);
    }

    /**
     * Starts a log_record event (a log with properties or a throwable) with its arguments'
     * count; follow with the arguments, then {@link #nextRecordMember} and the properties, then
     * {@link #nextRecordMember} and the exception's values, then {@link #endLogRecord}. Each
     * member's length field is at the index where it begins: the arguments' at
     * {@code index + LOG_RECORD_PREFIX - 5}, the others where {@link #nextRecordMember} was given its end.
     *
     * @return the index of the first argument
     */
    public static int beginLogRecord(final MutableDirectBuffer buffer, final int index, final int callSite, final long time,
                                     final int argumentCount) {
        buffer.putByte(index, (byte) LOG_RECORD);
        final int body = index + ObjectDescriptor.DYNAMIC_HEADER_LENGTH;
        buffer.putInt(body, callSite, LITTLE_ENDIAN);
        buffer.putLong(body + 4, time, LITTLE_ENDIAN);
        buffer.putByte(body + LOG_RECORD_FIXED + 4, (byte) argumentCount);
        return body + LOG_RECORD_FIXED + 5;
    }

    /**
     * Closes the variable member whose length field is at {@code member} and which ends at
     * {@code end}, and opens the next one at {@code end} with that count.
     *
     * @return the index of the next member's first entry
     */
    public static int nextRecordMember(final MutableDirectBuffer buffer, final int member, final int end, final int count) {
        buffer.putInt(member, end - (member + 4), LITTLE_ENDIAN);
        buffer.putByte(end + 4, (byte) count);
        return end + 5;
    }

    /** One property entry: key and value UTF-8, each with its length. */
    public static int putProperty(final MutableDirectBuffer buffer, final int index, final CharSequence key,
                                  final CharSequence value) {
        return putUtf8(buffer, putUtf8(buffer, index, key), value);
    }

    /** Upper bound of a property entry's bytes. */
    public static int propertyBound(final CharSequence key, final CharSequence value) {
        return 8 + Utf8.MAX_BYTES_PER_CHAR * (key.length() + value.length());
    }

    /** Completes the log_record that starts at {@code start}, whose last member (length field at {@code member}) ends at {@code end}. */
    public static int endLogRecord(final MutableDirectBuffer buffer, final int start, final int member, final int end) {
        buffer.putInt(member, end - (member + 4), LITTLE_ENDIAN);
        buffer.putInt(start + 1, end - (start + ObjectDescriptor.DYNAMIC_HEADER_LENGTH), LITTLE_ENDIAN);
        return end;
    }

    /** Upper bound of a log_dynamic event's length before its arguments. */
    public static int logDynamicBound(final CharSequence message) {
        return ObjectDescriptor.DYNAMIC_HEADER_LENGTH + LOG_DYNAMIC_FIXED + 4 + Utf8.MAX_BYTES_PER_CHAR * message.length() + 5;
    }

    /**
     * Starts a log_dynamic event (level and message known only at run time, e.g. from a logging
     * bridge); follow with arguments and {@link #endLogDynamic}.
     *
     * @return the index of the first argument
     */
    public static int beginLogDynamic(final MutableDirectBuffer buffer, final int index, final int level, final int target,
                                      final long time, final CharSequence message, final int argumentCount) {
        buffer.putByte(index, (byte) LOG_DYNAMIC);
        final int body = index + ObjectDescriptor.DYNAMIC_HEADER_LENGTH;
        buffer.putByte(body, (byte) level);
        buffer.putInt(body + 1, target, LITTLE_ENDIAN);
        buffer.putLong(body + 5, time, LITTLE_ENDIAN);
        final int arguments = putUtf8(buffer, body + LOG_DYNAMIC_FIXED, message);
        buffer.putByte(arguments + 4, (byte) argumentCount);
        return arguments + 5;
    }

    public static int endLogDynamic(final MutableDirectBuffer buffer, final int start, final int end) {
        final int body = start + ObjectDescriptor.DYNAMIC_HEADER_LENGTH;
        buffer.putInt(start + 1, end - body, LITTLE_ENDIAN);
        final int messageLength = buffer.getInt(body + LOG_DYNAMIC_FIXED, LITTLE_ENDIAN);
        final int arguments = body + LOG_DYNAMIC_FIXED + 4 + messageLength;
        buffer.putInt(arguments, end - (arguments + 4), LITTLE_ENDIAN);
        return end;
    }

    /**
     * Checks (or, for an expandable buffer, makes) room for {@code length} bytes at {@code index},
     * once per event, and returns the raw offset of {@code index} for {@link EventWriter}.
     */
    private static long room(final MutableDirectBuffer buffer, final int index, final int length) {
        if (index < 0) {
            throw new IndexOutOfBoundsException("negative index " + index);
        }
        buffer.checkLimit(index + length);
        return buffer.addressOffset() + index;
    }

    /** Writes [u32 length][utf8] and returns the index after it. */
    public static int putUtf8(final MutableDirectBuffer buffer, final int index, final CharSequence value) {
        final int length = Utf8.encode(value, buffer, index + 4);
        buffer.putInt(index, length, LITTLE_ENDIAN);
        return index + 4 + length;
    }
}
