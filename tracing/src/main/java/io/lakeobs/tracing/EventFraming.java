package io.lakeobs.tracing;

import io.lakeobs.transit.layout.MemberDeclaration;
import io.lakeobs.transit.layout.ObjectDescriptor;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.layout.TypeDeclaration;
import org.agrona.DirectBuffer;

import java.util.Arrays;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * What the collector needs to walk raw events in a ring without decoding them: each event
 * type's total length (fixed, or read from its u32 length field) and where its time is, both
 * derived from the stream declarations so they cannot drift from the encoder.
 */
final class EventFraming {
    private static final int UNKNOWN = -1;
    private static final int DYNAMIC = -2;

    private final int[] length = new int[256];
    private final int[] timeOffset = new int[256];

    EventFraming(final StreamDeclarations declarations) {
        Arrays.fill(length, UNKNOWN);
        Arrays.fill(timeOffset, UNKNOWN);
        for (final TypeDeclaration type : declarations.types()) {
            if (type.role() != TypeDeclaration.Role.EVENT) {
                continue;
            }
            final int header = type.dynamic() ? ObjectDescriptor.DYNAMIC_HEADER_LENGTH : ObjectDescriptor.TYPE_LENGTH;
            length[type.typeId()] = type.dynamic() ? DYNAMIC : header + type.fixedSize();
            final int time = type.memberIndex("time");
            if (time >= 0) {
                final MemberDeclaration member = type.member(time);
                timeOffset[type.typeId()] = header + member.offset();
            }
        }
    }

    /** Total bytes of the event at {@code index}; -1 for a type the declarations do not know. */
    int length(final DirectBuffer buffer, final int index) {
        final int type = buffer.getByte(index) & 0xFF;
        final int fixed = length[type];
        if (fixed == DYNAMIC) {
            return ObjectDescriptor.DYNAMIC_HEADER_LENGTH + buffer.getInt(index + ObjectDescriptor.TYPE_LENGTH, LITTLE_ENDIAN);
        }
        return fixed;
    }

    /** The event's time, or {@code fallback} when its type has none. */
    long time(final DirectBuffer buffer, final int index, final long fallback) {
        final int offset = timeOffset[buffer.getByte(index) & 0xFF];
        return offset < 0 ? fallback : buffer.getLong(index + offset, LITTLE_ENDIAN);
    }
}
