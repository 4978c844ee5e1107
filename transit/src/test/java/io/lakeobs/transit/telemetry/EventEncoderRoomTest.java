package io.lakeobs.transit.telemetry;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The checked encoder checks each event's room once, before {@link EventWriter}'s unchecked stores. */
class EventEncoderRoomTest {
    @Test
    void anEventThatDoesNotFitThrowsAndWritesNothing() {
        final byte[] bytes = new byte[EventDescriptor.METRIC_LENGTH - 1];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        assertThrows(IndexOutOfBoundsException.class, () -> EventEncoder.metricInt(buffer, 0, 1, 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> EventEncoder.logStatic(buffer, -1, 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> EventEncoder.asyncBegin(buffer, 0, 1, 2, 3, 4, 5));
        assertArrayEquals(new byte[bytes.length], bytes);
    }

    @Test
    void heapOffHeapAndExpandableBuffersGetTheSameBytes() {
        final UnsafeBuffer heap = new UnsafeBuffer(new byte[64]);
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        final ExpandableArrayBuffer expandable = new ExpandableArrayBuffer(4);
        int end = 0;
        for (final org.agrona.MutableDirectBuffer buffer : new org.agrona.MutableDirectBuffer[] {heap, direct, expandable}) {
            end = EventEncoder.metricFloatWithProperties(buffer, 3, 7, 9, 0x0102030405060708L, 2.5);
            end = EventEncoder.putLongArgument(buffer, end, -1L);
        }
        assertEquals(3 + EventDescriptor.METRIC_PROPS_LENGTH + EventDescriptor.PRIMITIVE_ARGUMENT_LENGTH, end);
        final byte[] expected = new byte[end];
        heap.getBytes(0, expected);
        final byte[] fromDirect = new byte[end];
        direct.getBytes(0, fromDirect);
        final byte[] fromExpandable = new byte[end];
        expandable.getBytes(0, fromExpandable);
        assertArrayEquals(expected, fromDirect);
        assertArrayEquals(expected, fromExpandable);
        assertEquals(TelemetryTypes.METRIC_FLOAT_PROPS, heap.getByte(3));
        assertEquals(0x0102030405060708L, heap.getLong(3 + 9, java.nio.ByteOrder.LITTLE_ENDIAN));
        assertEquals(2.5, heap.getDouble(3 + 17, java.nio.ByteOrder.LITTLE_ENDIAN));
    }
}
