package io.lakeobs.functions.views.parquet;

/**
 * Parquet's RLE / bit-packing hybrid encoding of small integers (definition and repetition levels,
 * dictionary ids): a run of eight or more equal values is one RLE run, anything else goes in
 * bit-packed groups of eight. Encodes a whole page's buffered values at once, allocating nothing.
 */
final class RleHybrid {
    private RleHybrid() {
    }

    /** The bit width that holds every value up to {@code max}. */
    static int bitWidth(final int max) {
        return 32 - Integer.numberOfLeadingZeros(max);
    }

    static void encode(final int[] values, final int count, final int bitWidth, final ByteSink out) {
        int literalStart = -1;
        int i = 0;
        while (i < count) {
            final int value = values[i];
            int end = i + 1;
            while (end < count && values[end] == value) {
                end++;
            }
            if (end - i >= 8) {
                if (literalStart >= 0) {
                    bitPacked(values, literalStart, i, bitWidth, out);
                    literalStart = -1;
                }
                out.unsignedVarInt((end - i) << 1);
                final int valueBytes = (bitWidth + 7) >>> 3;
                for (int b = 0; b < valueBytes; b++) {
                    out.write(value >>> (8 * b));
                }
                i = end;
            } else {
                if (literalStart < 0) {
                    literalStart = i;
                }
                i = Math.min(i + 8, count);
            }
        }
        if (literalStart >= 0) {
            bitPacked(values, literalStart, count, bitWidth, out);
        }
    }

    /** Values {@code from} to {@code to} in groups of eight (the last padded with zeros: only at the end of the data). */
    private static void bitPacked(final int[] values, final int from, final int to, final int bitWidth, final ByteSink out) {
        final int groups = (to - from + 7) >>> 3;
        out.unsignedVarInt(groups << 1 | 1);
        out.ensure(groups * bitWidth);
        final long mask = bitWidth == 32 ? 0xFFFF_FFFFL : (1L << bitWidth) - 1;
        long bits = 0;
        int held = 0;
        final int end = from + groups * 8;
        for (int i = from; i < end; i++) {
            bits |= ((i < to ? values[i] : 0) & mask) << held;
            held += bitWidth;
            while (held >= 8) {
                out.write((int) bits);
                bits >>>= 8;
                held -= 8;
            }
        }
    }
}
