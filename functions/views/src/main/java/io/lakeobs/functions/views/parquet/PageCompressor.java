package io.lakeobs.functions.views.parquet;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Compresses page bodies straight into a column chunk's buffer with one reused ZSTD context
 * (native memory: {@link #close} frees it), or copies them (UNCOMPRESSED). One per file, one thread.
 */
final class PageCompressor implements AutoCloseable {
    private final ZstdCompressCtx zstd;

    PageCompressor(final CompressionCodecName codec, final int level) {
        zstd = switch (codec) {
            case ZSTD -> new ZstdCompressCtx().setLevel(level);
            case UNCOMPRESSED -> null;
            default -> throw new IllegalArgumentException("codec must be ZSTD or UNCOMPRESSED, was " + codec);
        };
    }

    /** Appends {@code length} bytes of {@code source} compressed to {@code out}; returns the compressed length. */
    int compress(final byte[] source, final int offset, final int length, final ByteSink out) {
        if (zstd == null) {
            out.write(source, offset, length);
            return length;
        }
        final int bound = (int) Zstd.compressBound(length);
        out.ensure(bound);
        final int written = zstd.compressByteArray(out.array(), out.size(), bound, source, offset, length);
        out.advance(written);
        return written;
    }

    @Override
    public void close() {
        if (zstd != null) {
            zstd.close();
        }
    }
}
