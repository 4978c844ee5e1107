package io.lakeobs.functions.views.etl;

import org.apache.parquet.io.api.Binary;

/**
 * Encodes text to UTF-8 into a reused array, for values that change every row (messages): the
 * only allocation is Parquet's {@link Binary} wrapper, which Parquet copies when it keeps it.
 */
final class Utf8Buffer {
    private byte[] bytes = new byte[256];
    private int length;

    Binary encode(final CharSequence text) {
        final int chars = text.length();
        if (bytes.length < chars * 3) {
            bytes = new byte[Math.max(chars * 3, bytes.length * 2)];
        }
        int at = 0;
        for (int i = 0; i < chars; i++) {
            final char c = text.charAt(i);
            if (c < 0x80) {
                bytes[at++] = (byte) c;
            } else if (c < 0x800) {
                bytes[at++] = (byte) (0xC0 | (c >> 6));
                bytes[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(text.charAt(i + 1))) {
                final int code = Character.toCodePoint(c, text.charAt(++i));
                bytes[at++] = (byte) (0xF0 | (code >> 18));
                bytes[at++] = (byte) (0x80 | ((code >> 12) & 0x3F));
                bytes[at++] = (byte) (0x80 | ((code >> 6) & 0x3F));
                bytes[at++] = (byte) (0x80 | (code & 0x3F));
            } else if (Character.isSurrogate(c)) {
                bytes[at++] = (byte) 0xEF; // lone surrogate: U+FFFD, as String.getBytes does
                bytes[at++] = (byte) 0xBF;
                bytes[at++] = (byte) 0xBD;
            } else {
                bytes[at++] = (byte) (0xE0 | (c >> 12));
                bytes[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        length = at;
        return Binary.fromReusedByteArray(bytes, 0, length);
    }
}
