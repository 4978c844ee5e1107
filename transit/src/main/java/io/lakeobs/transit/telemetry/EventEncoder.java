package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.layout.ObjectDescriptor;
import io.lakeobs.transit.layout.Utf8;
import org.agrona.MutableDirectBuffer;

import static io.lakeobs.transit.telemetry.EventDescriptor.*;
import static io.lakeobs.transit.telemetry.TelemetryTypes.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Writes telemetry events in place into an Agrona buffer: a few stores, no allocation, no
 * formatting. Every method takes the index to write at and returns the index after the event.
 * Fixed-layout events are checked once for room (an expandable buffer grows) and written by
 * {@link EventWriter}; the layout is {@link EventDescriptor}'s. Size the room beforehand with
 * its {@code *_LENGTH} constants or the {@code *Bound} methods.
 */
public final class EventEncoder {
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

    public static int threadSwitch(final MutableDirectBuffer buffer, final int index, final long threadId, final long time) {
        final long offset = room(buffer, index, THREAD_SWITCH_LENGTH);
        EventWriter.threadSwitch(buffer.byteArray(), offset, threadId, time);
        return index + THREAD_SWITCH_LENGTH;
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
        return ObjectDescriptor.DYNAMIC_HEADER_LENGTH + ID_TIME_SIZE + MEMBER_LENGTH_FIELD + Utf8.MAX_BYTES_PER_CHAR * name.length();
    }

    public static int namedSpanBegin(final MutableDirectBuffer buffer, final int index, final int span, final long time,
                                     final CharSequence name) {
        buffer.putByte(index, (byte) SPAN_NAMED_BEGIN);
        final int body = index + ObjectDescriptor.DYNAMIC_HEADER_LENGTH;
        buffer.putInt(body + ID_OFFSET, span, LITTLE_ENDIAN);
        buffer.putLong(body + TIME_OFFSET, time, LITTLE_ENDIAN);
        final int end = putUtf8(buffer, body + ID_TIME_SIZE, name);
        buffer.putInt(index + ObjectDescriptor.TYPE_LENGTH, end - body, LITTLE_ENDIAN);
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
        return value == null ? TAG_LENGTH : STRING_ARGUMENT_PREFIX + Utf8.MAX_BYTES_PER_CHAR * value.length();
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
        final long offset = room(buffer, index, BOOLEAN_ARGUMENT_LENGTH);
        EventWriter.putBooleanArgument(buffer.byteArray(), offset, value);
        return index + BOOLEAN_ARGUMENT_LENGTH;
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
            return index + TAG_LENGTH;
        }
        buffer.putByte(index, (byte) (cut ? ObjectDescriptor.ARG_UTF8_CUT : ObjectDescriptor.ARG_UTF8));
        return putUtf8(buffer, index + TAG_LENGTH, value);
    }

    /**
     * Starts a log_record event (a log with properties or a throwable) with its arguments'
     * count; follow with the arguments, then {@link #nextRecordMember} and the properties, then
     * {@link #nextRecordMember} and the exception's values, then {@link #endLogRecord}. Each
     * member's length field is at the index where it begins: the arguments' at
     * {@code index + LOG_ARGS_MEMBER}, the others where {@link #nextRecordMember} was given its end.
     *
     * @return the index of the first argument
     */
    public static int beginLogRecord(final MutableDirectBuffer buffer, final int index, final int callSite, final long time,
                                     final int argumentCount) {
        buffer.putByte(index, (byte) LOG_RECORD);
        final int body = index + ObjectDescriptor.DYNAMIC_HEADER_LENGTH;
        buffer.putInt(body + ID_OFFSET, callSite, LITTLE_ENDIAN);
        buffer.putLong(body + TIME_OFFSET, time, LITTLE_ENDIAN);
        buffer.putByte(index + LOG_ARGS_MEMBER + MEMBER_LENGTH_FIELD, (byte) argumentCount);
        return index + LOG_RECORD_PREFIX;
    }

    /**
     * Closes the variable member whose length field is at {@code member} and which ends at
     * {@code end}, and opens the next one at {@code end} with that count.
     *
     * @return the index of the next member's first entry
     */
    public static int nextRecordMember(final MutableDirectBuffer buffer, final int member, final int end, final int count) {
        buffer.putInt(member, end - (member + MEMBER_LENGTH_FIELD), LITTLE_ENDIAN);
        buffer.putByte(end + MEMBER_LENGTH_FIELD, (byte) count);
        return end + MEMBER_LENGTH_FIELD + COUNT_LENGTH;
    }

    /** One property entry: key and value UTF-8, each with its length. */
    public static int putProperty(final MutableDirectBuffer buffer, final int index, final CharSequence key,
                                  final CharSequence value) {
        return putUtf8(buffer, putUtf8(buffer, index, key), value);
    }

    /** Upper bound of a property entry's bytes. */
    public static int propertyBound(final CharSequence key, final CharSequence value) {
        return 2 * MEMBER_LENGTH_FIELD + Utf8.MAX_BYTES_PER_CHAR * (key.length() + value.length());
    }

    /** Completes the log_record that starts at {@code start}, whose last member (length field at {@code member}) ends at {@code end}. */
    public static int endLogRecord(final MutableDirectBuffer buffer, final int start, final int member, final int end) {
        buffer.putInt(member, end - (member + MEMBER_LENGTH_FIELD), LITTLE_ENDIAN);
        buffer.putInt(start + ObjectDescriptor.TYPE_LENGTH, end - (start + ObjectDescriptor.DYNAMIC_HEADER_LENGTH), LITTLE_ENDIAN);
        return end;
    }

    /** Upper bound of a log_dynamic event's length before its arguments. */
    public static int logDynamicBound(final CharSequence message) {
        return ObjectDescriptor.DYNAMIC_HEADER_LENGTH + LOG_DYNAMIC_FIXED + MEMBER_LENGTH_FIELD + Utf8.MAX_BYTES_PER_CHAR * message.length()
            + MEMBER_LENGTH_FIELD + COUNT_LENGTH;
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
        buffer.putByte(body + LOG_DYNAMIC_LEVEL_OFFSET, (byte) level);
        buffer.putInt(body + LOG_DYNAMIC_TARGET_OFFSET, target, LITTLE_ENDIAN);
        buffer.putLong(body + LOG_DYNAMIC_TIME_OFFSET, time, LITTLE_ENDIAN);
        final int arguments = putUtf8(buffer, body + LOG_DYNAMIC_FIXED, message);
        buffer.putByte(arguments + MEMBER_LENGTH_FIELD, (byte) argumentCount);
        return arguments + MEMBER_LENGTH_FIELD + COUNT_LENGTH;
    }

    public static int endLogDynamic(final MutableDirectBuffer buffer, final int start, final int end) {
        final int body = start + ObjectDescriptor.DYNAMIC_HEADER_LENGTH;
        buffer.putInt(start + ObjectDescriptor.TYPE_LENGTH, end - body, LITTLE_ENDIAN);
        final int messageLength = buffer.getInt(body + LOG_DYNAMIC_FIXED, LITTLE_ENDIAN);
        final int arguments = body + LOG_DYNAMIC_FIXED + MEMBER_LENGTH_FIELD + messageLength;
        buffer.putInt(arguments, end - (arguments + MEMBER_LENGTH_FIELD), LITTLE_ENDIAN);
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
        final int length = Utf8.encode(value, buffer, index + MEMBER_LENGTH_FIELD);
        buffer.putInt(index, length, LITTLE_ENDIAN);
        return index + MEMBER_LENGTH_FIELD + length;
    }
}
