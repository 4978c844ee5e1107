package io.lakeobs.functions.views.parquet;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * How view files are written. A writer holds one row group per view until it is flushed (and
 * streamed to S3), so the row group bounds a run's memory whatever the window: 8 MiB row groups
 * (about a million log rows) keep a window's heap flat from 1 M to 20 M rows under a 512 MB heap
 * (BENCHMARKS.md, "Views at scale"), while Athena, which reads a row group per split, still gets
 * row groups far above DuckDB's default of 122 880 rows.
 *
 * @param codec ZSTD or UNCOMPRESSED
 * @param zstdLevel ZSTD level (3 is zstd's default)
 * @param rowGroupBytes target row group size
 * @param pageBytes target page size
 * @param dictionaryPageBytes dictionary page limit per column chunk before falling back to plain
 * @param pageChecksums a CRC32 per page (parquet-java's default; readers may verify it)
 * @param v2Pages data pages of format version 2 (and its encodings) rather than version 1
 * @param dictionary dictionary encoding for the columns not marked unique (false: none at all)
 * @param statistics min/max statistics on the columns queries filter by (false: none at all)
 * @param writer who encodes the pages: our own column chunks (the default) or parquet-java's record writer
 */
public record ParquetSettings(CompressionCodecName codec, int zstdLevel, long rowGroupBytes, int pageBytes,
                              int dictionaryPageBytes, boolean pageChecksums, boolean v2Pages, boolean dictionary,
                              boolean statistics, Writer writer) {
    /** Who encodes a file's pages; parquet-java frames the file either way. */
    public enum Writer {
        /** Our own column chunks and pages ({@code PageFileWriter}): the views' writer. */
        PAGES,
        /** parquet-java's record writer: the peer in the writer benchmark and the equivalence test. */
        PARQUET_JAVA
    }

    public static final ParquetSettings DEFAULT = new ParquetSettings(CompressionCodecName.ZSTD, 3,
        8L * 1024 * 1024, 1024 * 1024, 1024 * 1024);

    public ParquetSettings {
        if (codec != CompressionCodecName.ZSTD && codec != CompressionCodecName.UNCOMPRESSED) {
            throw new IllegalArgumentException("codec must be ZSTD or UNCOMPRESSED, was " + codec);
        }
        if (rowGroupBytes < 1024 || pageBytes < 1024 || dictionaryPageBytes < 1024) {
            throw new IllegalArgumentException("row group, page and dictionary sizes must be at least 1 KiB, were "
                + rowGroupBytes + ", " + pageBytes + " and " + dictionaryPageBytes);
        }
        if (zstdLevel < 1 || zstdLevel > 22) {
            throw new IllegalArgumentException("ZSTD level must be 1 to 22, was " + zstdLevel);
        }
        if (writer == null) {
            throw new IllegalArgumentException("writer must be named");
        }
    }

    public ParquetSettings(final CompressionCodecName codec, final int zstdLevel, final long rowGroupBytes, final int pageBytes,
                           final int dictionaryPageBytes, final boolean pageChecksums, final boolean v2Pages, final boolean dictionary,
                           final boolean statistics) {
        this(codec, zstdLevel, rowGroupBytes, pageBytes, dictionaryPageBytes, pageChecksums, v2Pages, dictionary, statistics,
            Writer.PAGES);
    }

    /** Version 1 pages with checksums, dictionaries and filter statistics (what the views write). */
    public ParquetSettings(final CompressionCodecName codec, final int zstdLevel, final long rowGroupBytes, final int pageBytes,
                           final int dictionaryPageBytes) {
        this(codec, zstdLevel, rowGroupBytes, pageBytes, dictionaryPageBytes, true, false, true, true);
    }

    public ParquetSettings withRowGroupBytes(final long bytes) {
        return new ParquetSettings(codec, zstdLevel, bytes, pageBytes, dictionaryPageBytes, pageChecksums, v2Pages, dictionary,
            statistics, writer);
    }

    public ParquetSettings withWriter(final Writer other) {
        return new ParquetSettings(codec, zstdLevel, rowGroupBytes, pageBytes, dictionaryPageBytes, pageChecksums, v2Pages, dictionary,
            statistics, other);
    }
}
