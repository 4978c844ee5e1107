package io.lakeobs.functions.views.parquet;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * How view files are written. Athena reads a row group per split and is slow on small files:
 * 64 MB row groups keep a daily file to a few splits while a Lambda holds one row group in memory.
 *
 * @param codec ZSTD or UNCOMPRESSED
 * @param zstdLevel ZSTD level (3 is zstd's default)
 * @param rowGroupBytes target row group size
 * @param pageBytes target page size
 * @param dictionaryPageBytes dictionary page limit per column chunk before falling back to plain
 */
public record ParquetSettings(CompressionCodecName codec, int zstdLevel, long rowGroupBytes, int pageBytes,
                              int dictionaryPageBytes) {
    public static final ParquetSettings DEFAULT = new ParquetSettings(CompressionCodecName.ZSTD, 3,
        64L * 1024 * 1024, 1024 * 1024, 1024 * 1024);

    public ParquetSettings {
        if (codec != CompressionCodecName.ZSTD && codec != CompressionCodecName.UNCOMPRESSED) {
            throw new IllegalArgumentException("codec must be ZSTD or UNCOMPRESSED, was " + codec);
        }
        if (rowGroupBytes < 1024 || pageBytes < 1024 || dictionaryPageBytes < 1024) {
            throw new IllegalArgumentException("row group, page and dictionary sizes must be at least 1 KiB");
        }
    }

    public ParquetSettings withRowGroupBytes(final long bytes) {
        return new ParquetSettings(codec, zstdLevel, bytes, pageBytes, dictionaryPageBytes);
    }
}
