package io.lakeobs.transit.layout;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 as transit writes it. Java strings may hold lone surrogates, which have no UTF-8 form:
 * each one is written as U+FFFD (EF BF BD), so the written bytes are always valid UTF-8
 * ({@code String.getBytes(UTF_8)} would write {@code '?'} instead). Encoding allocates nothing.
 */
public final class Utf8 {
    /** Worst case bytes per UTF-16 code unit; reserve {@code MAX_BYTES_PER_CHAR * length}. */
    public static final int MAX_BYTES_PER_CHAR = 3;

    private Utf8() {
    }

    /**
     * Writes {@code value} at {@code index}; the caller has checked that
     * {@code MAX_BYTES_PER_CHAR * value.length()} bytes are available.
     *
     * @return the number of bytes written
     */
    public static int encode(final CharSequence value, final MutableDirectBuffer buffer, final int index) {
        final int length = value.length();
        int position = index;
        int i = 0;
        for (; i < length; i++) { // ASCII fast path
            final char c = value.charAt(i);
            if (c >= 0x80) {
                break;
            }
            buffer.putByte(position++, (byte) c);
        }
        for (; i < length; i++) {
            final char c = value.charAt(i);
            if (c < 0x80) {
                buffer.putByte(position++, (byte) c);
            } else if (c < 0x800) {
                buffer.putByte(position++, (byte) (0xC0 | (c >>> 6)));
                buffer.putByte(position++, (byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                final int codePoint = Character.toCodePoint(c, value.charAt(++i));
                buffer.putByte(position++, (byte) (0xF0 | (codePoint >>> 18)));
                buffer.putByte(position++, (byte) (0x80 | ((codePoint >>> 12) & 0x3F)));
                buffer.putByte(position++, (byte) (0x80 | ((codePoint >>> 6) & 0x3F)));
                buffer.putByte(position++, (byte) (0x80 | (codePoint & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                buffer.putByte(position++, (byte) 0xEF); // lone surrogate: U+FFFD
                buffer.putByte(position++, (byte) 0xBF);
                buffer.putByte(position++, (byte) 0xBD);
            } else {
                buffer.putByte(position++, (byte) (0xE0 | (c >>> 12)));
                buffer.putByte(position++, (byte) (0x80 | ((c >>> 6) & 0x3F)));
                buffer.putByte(position++, (byte) (0x80 | (c & 0x3F)));
            }
        }
        return position - index;
    }

    /** Exact encoded length of {@code value}, lone surrogates counted as U+FFFD. */
    public static int encodedLength(final CharSequence value) {
        final int length = value.length();
        int bytes = 0;
        for (int i = 0; i < length; i++) {
            final char c = value.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Decodes bytes that are bounds-checked by the caller; malformed sequences become U+FFFD. */
    public static String decode(final DirectBuffer buffer, final int index, final int length) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(index, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * What a string reads back as after a round trip through transit: each lone surrogate
     * becomes U+FFFD, everything else is unchanged. ({@code String.getBytes(UTF_8)} would give
     * {@code '?'} instead, which is not what {@link #encode} writes.)
     */
    public static String normalize(final String value) {
        final int length = value.length();
        StringBuilder out = null;
        for (int i = 0; i < length; i++) {
            final char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                if (out != null) {
                    out.append(c).append(value.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(length).append(value, 0, i);
                }
                out.append(REPLACEMENT);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }

    /** U+FFFD, written for each lone surrogate. */
    public static final char REPLACEMENT = '\uFFFD';
}
