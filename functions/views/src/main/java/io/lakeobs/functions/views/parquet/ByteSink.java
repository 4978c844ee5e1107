package io.lakeobs.functions.views.parquet;

import org.apache.parquet.io.api.Binary;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte buffer in Parquet's byte order (little-endian), reused page after page: the
 * column writer appends values to it without allocating. An {@link OutputStream} so that a
 * {@link Binary} copies its bytes in ({@link Binary#writeTo(OutputStream)}) without a copy of its own.
 */
final class ByteSink extends OutputStream {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private byte[] bytes;
    private int size;

    ByteSink(final int capacity) {
        bytes = new byte[capacity];
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    /** Makes room for {@code more} bytes after the current end. */
    void ensure(final int more) {
        final long needed = (long) size + more;
        if (needed > bytes.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("column chunk larger than 2 GiB: lower the row group size");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * bytes.length)));
        }
    }

    /** Counts {@code count} bytes written directly into {@link #array()} after {@link #ensure}. */
    void advance(final int count) {
        size += count;
    }

    void intLE(final int value) {
        ensure(4);
        INT.set(bytes, size, value);
        size += 4;
    }

    void intLEAt(final int position, final int value) {
        INT.set(bytes, position, value);
    }

    void longLE(final long value) {
        ensure(8);
        LONG.set(bytes, size, value);
        size += 8;
    }

    void unsignedVarInt(final int value) {
        ensure(5);
        int v = value;
        while ((v & ~0x7F) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
    }

    /** PLAIN BYTE_ARRAY: the length, then the bytes. */
    void binary(final Binary value) {
        final int length = value.length();
        ensure(4 + length);
        INT.set(bytes, size, length);
        size += 4;
        try {
            value.writeTo(this);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(final int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(final byte[] source, final int offset, final int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }
}
