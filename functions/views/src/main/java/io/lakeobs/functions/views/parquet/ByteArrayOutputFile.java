package io.lakeobs.functions.views.parquet;

import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

import java.io.IOException;
import java.util.Arrays;

/**
 * A Parquet {@link OutputFile} held in memory, so a view file is complete before it is uploaded
 * (an S3 PUT of finished bytes is atomic: nobody ever sees half a file) and nothing touches a
 * Hadoop file system. For tests and benchmarks; every run of a views function (scheduled
 * windows, their parts, on-demand requests, backfills) streams instead ({@code MultipartOutputFile}).
 * One file per instance.
 */
public final class ByteArrayOutputFile implements CommittableOutputFile {
    private byte[] bytes;
    private int size;
    private boolean created;

    public ByteArrayOutputFile(final int initialCapacity) {
        bytes = new byte[Math.max(1024, initialCapacity)];
    }

    @Override
    public PositionOutputStream create(final long blockSizeHint) {
        if (created) {
            throw new IllegalStateException("file already created");
        }
        created = true;
        return new PositionOutputStream() {
            @Override
            public long getPos() {
                return size;
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
        };
    }

    @Override
    public PositionOutputStream createOrOverwrite(final long blockSizeHint) throws IOException {
        size = 0;
        created = false;
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return "memory";
    }

    @Override
    public long size() {
        return size;
    }

    /** Nothing to do: the caller takes the bytes ({@link #toByteArray}). */
    @Override
    public void commit() {
    }

    @Override
    public void abort() {
        bytes = new byte[0];
        size = 0;
    }

    /** The file's bytes, exactly sized (a copy). */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(final int more) {
        final long needed = (long) size + more;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("view file larger than 2 GiB: split the partition");
        }
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * bytes.length)));
        }
    }
}
