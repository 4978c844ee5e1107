package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.layout.ObjectDescriptor;
import io.lakeobs.transit.layout.Utf8;
import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Flyweight over the arguments of one log event (already validated by the reader). Numbers are
 * read without allocation; strings are decoded on request.
 */
public final class Arguments {
    /** What a rendered message shows after a string the writer cut to its limit. */
    public static final String CUT_MARK = "\u2026[cut]";
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
            final int tag = buffer.getByte(index) & 0xFF;
            index += 1 + switch (tag) {
                case ObjectDescriptor.ARG_I64, ObjectDescriptor.ARG_F64 -> 8;
                case ObjectDescriptor.ARG_F32 -> 4;
                case ObjectDescriptor.ARG_CHAR -> 2;
                case ObjectDescriptor.ARG_BOOL -> 1;
                case ObjectDescriptor.ARG_UTF8, ObjectDescriptor.ARG_UTF8_CUT -> 4 + buffer.getInt(index + 1, LITTLE_ENDIAN);
                default -> 0;
            };
        }
    }

    void clear() {
        count = 0;
    }

    public int count() {
        return count;
    }

    /** One of the {@code ObjectDescriptor.ARG_*} tags. */
    public int tag(final int index) {
        return buffer.getByte(offsets[index]) & 0xFF;
    }

    public long longValue(final int index) {
        return buffer.getLong(offsets[index] + 1, LITTLE_ENDIAN);
    }

    public double doubleValue(final int index) {
        return buffer.getDouble(offsets[index] + 1, LITTLE_ENDIAN);
    }

    public float floatValue(final int index) {
        return buffer.getFloat(offsets[index] + 1, LITTLE_ENDIAN);
    }

    public char charValue(final int index) {
        return buffer.getChar(offsets[index] + 1, LITTLE_ENDIAN);
    }

    /** Whether the argument is a string the writer cut to its limit ({@code ARG_UTF8_CUT}). */
    public boolean isCut(final int index) {
        return tag(index) == ObjectDescriptor.ARG_UTF8_CUT;
    }

    public boolean booleanValue(final int index) {
        return buffer.getByte(offsets[index] + 1) != 0;
    }

    public String stringValue(final int index) {
        final int at = offsets[index] + 1;
        return Utf8.decode(buffer, at + 4, buffer.getInt(at, LITTLE_ENDIAN));
    }

    /**
     * Appends the argument the way a rendered message shows it: each value as Java's
     * {@code String.valueOf} of its type shows it, a cut string followed by {@value #CUT_MARK}.
     */
    public void appendTo(final int index, final StringBuilder out) {
        switch (tag(index)) {
            case ObjectDescriptor.ARG_I64 -> out.append(longValue(index));
            case ObjectDescriptor.ARG_F64 -> out.append(doubleValue(index));
            case ObjectDescriptor.ARG_F32 -> out.append(floatValue(index));
            case ObjectDescriptor.ARG_CHAR -> out.append(charValue(index));
            case ObjectDescriptor.ARG_BOOL -> out.append(booleanValue(index));
            case ObjectDescriptor.ARG_UTF8 -> out.append(stringValue(index));
            case ObjectDescriptor.ARG_UTF8_CUT -> out.append(stringValue(index)).append(CUT_MARK);
            default -> out.append("null");
        }
    }

    /**
     * Renders an SLF4J-style template: each {@code {}} takes the next argument; arguments left
     * over are appended after a space, so no recorded value is lost.
     */
    public void render(final String template, final StringBuilder out) {
        int next = 0;
        int from = 0;
        while (true) {
            final int at = template.indexOf("{}", from);
            if (at < 0 || next >= count) {
                break;
            }
            out.append(template, from, at);
            appendTo(next++, out);
            from = at + 2;
        }
        out.append(template, from, template.length());
        for (; next < count; next++) {
            out.append(' ');
            appendTo(next, out);
        }
    }
}
