package io.lakeobs.transit.block;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import io.lakeobs.transit.TransitFormatException;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Section compression. Decompression never trusts the stored sizes beyond the limits the header
 * already checked: output goes into a buffer of exactly the declared size, and a stream that
 * does not fill it exactly is rejected. Only the bounds-checked (safe) LZ4 decompressor is used.
 */
public enum Compression {
    NONE(0) {
        @Override
        public int maxCompressedLength(final int length) {
            return length;
        }

        @Override
        public long maxInflatedLength(final int compressedLength) {
            return compressedLength;
        }

        @Override
        public int compress(final byte[] src, final int srcLength, final byte[] dst, final int dstOffset) {
            System.arraycopy(src, 0, dst, dstOffset, srcLength);
            return srcLength;
        }

        @Override
        public void decompress(final byte[] src, final int srcOffset, final int srcLength, final byte[] dst, final int dstLength) {
            if (srcLength != dstLength) {
                throw new TransitFormatException("uncompressed section size mismatch");
            }
            System.arraycopy(src, srcOffset, dst, 0, srcLength);
        }
    },
    LZ4(1) {
        @Override
        public int maxCompressedLength(final int length) {
            return Lz4.COMPRESSOR.maxCompressedLength(length);
        }

        @Override
        public long maxInflatedLength(final int compressedLength) {
            // a byte of LZ4 input never yields more than 255 bytes of output (match length extension)
            return 255L * compressedLength + 64;
        }

        @Override
        public int compress(final byte[] src, final int srcLength, final byte[] dst, final int dstOffset) {
            return Lz4.COMPRESSOR.compress(src, 0, srcLength, dst, dstOffset, dst.length - dstOffset);
        }

        @Override
        public void decompress(final byte[] src, final int srcOffset, final int srcLength, final byte[] dst, final int dstLength) {
            final int written;
            try {
                written = Lz4.DECOMPRESSOR.decompress(src, srcOffset, srcLength, dst, 0, dstLength);
            } catch (final LZ4Exception | IndexOutOfBoundsException e) {
                throw new TransitFormatException("corrupt lz4 section: " + e.getMessage(), e);
            }
            if (written != dstLength) {
                throw new TransitFormatException("lz4 section inflated to " + written + " bytes, header says " + dstLength);
            }
        }
    },
    ZSTD(2) {
        @Override
        public int maxCompressedLength(final int length) {
            return (int) Zstd.compressBound(length);
        }

        @Override
        public long maxInflatedLength(final int compressedLength) {
            // the densest zstd block is an RLE block: 4 bytes for at most 128 KiB
            return 32768L * compressedLength;
        }

        @Override
        public int compress(final byte[] src, final int srcLength, final byte[] dst, final int dstOffset) {
            return ZstdContexts.COMPRESS.get().compressByteArray(dst, dstOffset, dst.length - dstOffset, src, 0, srcLength);
        }

        @Override
        public void decompress(final byte[] src, final int srcOffset, final int srcLength, final byte[] dst, final int dstLength) {
            final int written;
            try {
                written = ZstdContexts.DECOMPRESS.get().decompressByteArray(dst, 0, dstLength, src, srcOffset, srcLength);
            } catch (final RuntimeException e) { // zstd-jni signals some corruptions with ZstdException
                throw new TransitFormatException("corrupt zstd section: " + e.getMessage(), e);
            }
            if (written != dstLength) {
                throw new TransitFormatException("zstd section inflated to " + written + " bytes, header says " + dstLength);
            }
        }
    };

    /**
     * The codec writers use unless told otherwise: LZ4 costs the traced process a quarter less CPU
     * to seal a block than zstd level 1 and decodes 1.6 times faster, for 1.4 times the bytes
     * (measured in docs/BENCHMARKS.md, "Transit").
     */
    public static final Compression DEFAULT = LZ4;

    /** zstd level used by writers; level 1 keeps encoding cheap on the client. */
    public static final int ZSTD_LEVEL = 1;

    private static final Compression[] BY_CODE = {NONE, LZ4, ZSTD};

    private final int code;

    Compression(final int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Compression fromCode(final int code) {
        if (!(code >= 0 && code < BY_CODE.length)) {
            throw new TransitFormatException("unknown compression code " + code);
        }
        return BY_CODE[code];
    }

    public abstract int maxCompressedLength(int length);

    /**
     * The most bytes {@code compressedLength} stored bytes can inflate to in this codec. Readers
     * reject a header claiming more before allocating anything, so a tiny upload cannot ask for
     * a large buffer.
     */
    public abstract long maxInflatedLength(int compressedLength);

    /** Compresses {@code src[0, srcLength)} into {@code dst} at {@code dstOffset}; returns bytes written. */
    public abstract int compress(byte[] src, int srcLength, byte[] dst, int dstOffset);

    /** Inflates exactly {@code dstLength} bytes into {@code dst}, or throws {@link TransitFormatException}. */
    public abstract void decompress(byte[] src, int srcOffset, int srcLength, byte[] dst, int dstLength);

    /**
     * One zstd context per thread and direction, reused: {@code Zstd.compressByteArray} and
     * {@code Zstd.decompressByteArray} create (and free) a native context on every call, which
     * costs more than decompressing a small section. A context holds native memory for as long
     * as its thread lives.
     */
    private static final class ZstdContexts {
        static final ThreadLocal<ZstdCompressCtx> COMPRESS =
            ThreadLocal.withInitial(() -> new ZstdCompressCtx().setLevel(ZSTD_LEVEL).setChecksum(false));
        static final ThreadLocal<ZstdDecompressCtx> DECOMPRESS = ThreadLocal.withInitial(ZstdDecompressCtx::new);
    }

    /** Holder so the LZ4 factory loads only when LZ4 is used. */
    private static final class Lz4 {
        static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
        static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();
    }
}
