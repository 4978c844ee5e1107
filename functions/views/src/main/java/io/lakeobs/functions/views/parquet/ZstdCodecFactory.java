package io.lakeobs.functions.views.parquet;

import com.github.luben.zstd.Zstd;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Page compression without Hadoop for parquet-java's record writer
 * ({@link ParquetSettings.Writer#PARQUET_JAVA}; our own writer compresses with
 * {@link PageCompressor}): parquet-hadoop's own {@code CodecFactory} loads Hadoop codec classes,
 * which the Lambda jar does not carry. ZSTD (zstd-jni) and UNCOMPRESSED only; both
 * Athena and DuckDB read ZSTD pages.
 */
public final class ZstdCodecFactory implements CompressionCodecFactory {
    private final int level;

    public ZstdCodecFactory(final int level) {
        this.level = level;
    }

    @Override
    public BytesInputCompressor getCompressor(final CompressionCodecName codec) {
        return switch (codec) {
            case ZSTD -> new BytesInputCompressor() {
                @Override
                public BytesInput compress(final BytesInput input) throws IOException {
                    return BytesInput.from(Zstd.compress(input.toByteArray(), level));
                }

                @Override
                public CompressionCodecName getCodecName() {
                    return CompressionCodecName.ZSTD;
                }

                @Override
                public void release() {
                }
            };
            case UNCOMPRESSED -> new BytesInputCompressor() {
                @Override
                public BytesInput compress(final BytesInput input) {
                    return input;
                }

                @Override
                public CompressionCodecName getCodecName() {
                    return CompressionCodecName.UNCOMPRESSED;
                }

                @Override
                public void release() {
                }
            };
            default -> throw new IllegalArgumentException("codec not available without Hadoop: " + codec);
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(final CompressionCodecName codec) {
        if (codec != CompressionCodecName.ZSTD && codec != CompressionCodecName.UNCOMPRESSED) {
            throw new IllegalArgumentException("codec not available without Hadoop: " + codec);
        }
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(final BytesInput input, final int uncompressedSize) throws IOException {
                if (codec == CompressionCodecName.UNCOMPRESSED) {
                    return input;
                }
                return BytesInput.from(Zstd.decompress(input.toByteArray(), uncompressedSize));
            }

            @Override
            public void decompress(final ByteBuffer input, final int compressedSize, final ByteBuffer output,
                                   final int uncompressedSize) {
                throw new UnsupportedOperationException("views never read Parquet");
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public void release() {
    }
}
