package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.layout.Utf8;
import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Flyweight over the properties of one log_record event (MDC values, markers), already
 * validated by the reader: entries are indexed once, keys and values decoded on request, so a
 * reader that skips them pays nothing.
 */
public final class EventProperties {
    private final int[] offsets = new int[256];
    private DirectBuffer buffer;
    private int count;

    void wrap(final DirectBuffer buffer, final int offset, final int length) {
        this.buffer = buffer;
        if (length == 0) {
            count = 0;
            return;
        }
        count = buffer.getByte(offset) & 0xFF;
        int index = offset + 1;
        for (int i = 0; i < count; i++) {
            offsets[i] = index;
            index += 4 + buffer.getInt(index, LITTLE_ENDIAN);
            index += 4 + buffer.getInt(index, LITTLE_ENDIAN);
        }
    }

    void clear() {
        count = 0;
    }

    public int count() {
        return count;
    }

    public String key(final int index) {
        final int at = offsets[index];
        return Utf8.decode(buffer, at + 4, buffer.getInt(at, LITTLE_ENDIAN));
    }

    public String value(final int index) {
        final int keyAt = offsets[index];
        final int at = keyAt + 4 + buffer.getInt(keyAt, LITTLE_ENDIAN);
        return Utf8.decode(buffer, at + 4, buffer.getInt(at, LITTLE_ENDIAN));
    }
}
