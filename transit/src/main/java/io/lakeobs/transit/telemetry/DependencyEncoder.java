package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.layout.ObjectDescriptor;
import io.lakeobs.transit.layout.Utf8;
import org.agrona.ExpandableArrayBuffer;

import java.util.Map;

import static io.lakeobs.transit.telemetry.EventDescriptor.*;
import static io.lakeobs.transit.telemetry.TelemetryTypes.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Encodes dependency objects (call sites, metric and span descriptors, static strings,
 * property sets) once, when they are registered; blocks then copy the bytes of those they use.
 */
public final class DependencyEncoder {
    private DependencyEncoder() {
    }

    public static byte[] staticString(final int id, final String value) {
        return encode(STATIC_STRING, id, new int[0], value);
    }

    public static byte[] logCallSite(final int id, final Level level, final int line, final String target,
                                     final String template, final String file) {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int body = start(buffer, LOG_CALL_SITE, id);
        buffer.putByte(body + CALL_SITE_LEVEL_OFFSET, (byte) level.code());
        buffer.putInt(body + CALL_SITE_LINE_OFFSET, line, LITTLE_ENDIAN);
        int index = body + CALL_SITE_FIXED;
        index = putString(buffer, index, target);
        index = putString(buffer, index, template);
        index = putString(buffer, index, file);
        return finish(buffer, index);
    }

    public static byte[] metricDescriptor(final int id, final String name, final String unit, final String target) {
        return encode(METRIC_DESC, id, new int[0], name, unit, target);
    }

    public static byte[] spanDescriptor(final int id, final int line, final String name, final String target,
                                        final String file) {
        return encode(SPAN_DESC, id, new int[] {line}, name, target, file);
    }

    /** Entries are written in the map's iteration order; use a sorted map for stable bytes. */
    public static byte[] propertySet(final int id, final Map<String, String> properties) {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int body = start(buffer, PROPERTY_SET, id);
        final int member = body + DEPENDENCY_FIXED;
        buffer.putByte(member + MEMBER_LENGTH_FIELD, (byte) properties.size());
        int index = member + MEMBER_LENGTH_FIELD + COUNT_LENGTH;
        for (final Map.Entry<String, String> entry : properties.entrySet()) {
            index = putString(buffer, index, entry.getKey());
            index = putString(buffer, index, entry.getValue());
        }
        buffer.putInt(member, index - (member + MEMBER_LENGTH_FIELD), LITTLE_ENDIAN);
        return finish(buffer, index);
    }

    private static byte[] encode(final int type, final int id, final int[] fixedInts, final String... strings) {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int body = start(buffer, type, id);
        int index = body + DEPENDENCY_FIXED;
        for (final int value : fixedInts) {
            buffer.putInt(index, value, LITTLE_ENDIAN);
            index += Integer.BYTES;
        }
        for (final String value : strings) {
            index = putString(buffer, index, value);
        }
        return finish(buffer, index);
    }

    private static int start(final ExpandableArrayBuffer buffer, final int type, final int id) {
        buffer.putByte(0, (byte) type);
        buffer.putInt(ObjectDescriptor.DYNAMIC_HEADER_LENGTH + DEPENDENCY_ID_OFFSET, id, LITTLE_ENDIAN);
        return ObjectDescriptor.DYNAMIC_HEADER_LENGTH;
    }

    private static int putString(final ExpandableArrayBuffer buffer, final int index, final String value) {
        final String text = value == null ? "" : value;
        buffer.checkLimit(index + MEMBER_LENGTH_FIELD + Utf8.MAX_BYTES_PER_CHAR * text.length());
        return EventEncoder.putUtf8(buffer, index, text);
    }

    private static byte[] finish(final ExpandableArrayBuffer buffer, final int end) {
        buffer.putInt(ObjectDescriptor.TYPE_LENGTH, end - ObjectDescriptor.DYNAMIC_HEADER_LENGTH, LITTLE_ENDIAN);
        final byte[] bytes = new byte[end];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
