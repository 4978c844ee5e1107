package io.lakeobs.functions.views.parquet;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The column chunk of one leaf column being written: values, levels and dictionary ids of the
 * current page in flat buffers, finished pages compressed, each in an array of its exact size (a
 * row group holds no growth slack, and nothing of it stays once written), until the row group is
 * written ({@link #writeTo}). Values are PLAIN, or dictionary ids when the column has a
 * dictionary; like parquet-java, a chunk falls back to PLAIN for the rest of the chunk when its
 * dictionary outgrows the dictionary page limit, or at its first page when the dictionary would
 * not be smaller than plain values. Min/max statistics only on filtered columns; a page holds
 * whole rows and at most {@link #PAGE_ROW_LIMIT} of them (parquet-java's default), so the column
 * index can skip pages. Adding a value allocates nothing.
 */
final class LeafWriter {
    /** Rows per page at most, as parquet-java's default page row count limit. */
    static final int PAGE_ROW_LIMIT = 20_000;
    private final ColumnDescriptor column;
    private final PrimitiveType primitive;
    private final int maxRepetition;
    private final int maxDefinition;
    private final boolean statistics;
    private final long dictionaryLimit;
    private final int pageBytes;
    private final boolean v2;
    private final PageCompressor compressor;
    private final ByteSink scratch;
    private final ByteSink compressed;
    private final Dictionary dictionary;
    private final BinaryDictionary binaries;
    private final LongDictionary longs;
    private final Statistics<?> noStatistics;
    private boolean encodingIds;
    private boolean idsFlushed;

    private final ByteSink values = new ByteSink(4096);
    private int[] ids = new int[1024];
    private int idCount;
    private int[] repetitions;
    private int[] definitions;
    private int levels;
    private int nulls;
    private int rows;
    private long plainBytes;
    private Statistics<?> pageStatistics;
    private Binary lastStatistic;
    private int[] seen = new int[64];
    private int[] pageIds = new int[64];
    private int pageIdCount;
    private int page = 1;

    private final List<Page> pages = new ArrayList<>();
    private long chunkBytes;
    private long chunkValues;

    LeafWriter(final ColumnDescriptor column, final boolean dictionary, final boolean statistics, final ParquetSettings settings,
               final PageCompressor compressor, final ByteSink scratch, final ByteSink compressed) {
        this.column = column;
        this.primitive = column.getPrimitiveType();
        this.maxRepetition = column.getMaxRepetitionLevel();
        this.maxDefinition = column.getMaxDefinitionLevel();
        this.statistics = statistics && settings.statistics();
        this.dictionaryLimit = settings.dictionaryPageBytes();
        this.pageBytes = settings.pageBytes();
        this.v2 = settings.v2Pages();
        this.compressor = compressor;
        this.scratch = scratch;
        this.compressed = compressed;
        final boolean withDictionary = dictionary && settings.dictionary();
        binaries = withDictionary && primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY ? new BinaryDictionary() : null;
        longs = withDictionary && binaries == null ? new LongDictionary(primitive.getPrimitiveTypeName()) : null;
        this.dictionary = binaries != null ? binaries : longs;
        encodingIds = this.dictionary != null;
        repetitions = maxRepetition > 0 ? new int[1024] : null;
        definitions = maxDefinition > 0 ? new int[1024] : null;
        noStatistics = Statistics.noopStats(primitive);
        pageStatistics = newStatistics();
    }

    int maxDefinition() {
        return maxDefinition;
    }

    /** True when a missing value is a null (OPTIONAL), false when the column requires one. */
    boolean optional() {
        return primitive.isRepetition(Type.Repetition.OPTIONAL);
    }

    String path() {
        return String.join(".", column.getPath());
    }

    void addBinary(final Binary value, final int repetition, final int definition) {
        level(repetition, definition);
        if (encodingIds) {
            id(binaries.id(value));
            plainBytes += 4 + value.length();
            if (binaries.bytes() > dictionaryLimit) {
                fallBack();
            }
        } else {
            values.binary(value);
            if (statistics && (value != lastStatistic || value.isBackingBytesReused())) {
                pageStatistics.updateStats(value);
                lastStatistic = value;
            }
        }
    }

    void addLong(final long value, final int repetition, final int definition) {
        level(repetition, definition);
        if (encodingIds) {
            id(longs.id(value));
            plainBytes += 8;
            if (longs.bytes() > dictionaryLimit) {
                fallBack();
            }
        } else {
            values.longLE(value);
            if (statistics) {
                pageStatistics.updateStats(value);
            }
        }
    }

    void addInt(final int value, final int repetition, final int definition) {
        level(repetition, definition);
        if (encodingIds) {
            id(longs.id(value));
            plainBytes += 4;
            if (longs.bytes() > dictionaryLimit) {
                fallBack();
            }
        } else {
            values.intLE(value);
            if (statistics) {
                pageStatistics.updateStats(value);
            }
        }
    }

    void addDouble(final double value, final int repetition, final int definition) {
        level(repetition, definition);
        final long bits = Double.doubleToRawLongBits(value);
        if (encodingIds) {
            id(longs.id(bits));
            plainBytes += 8;
            if (longs.bytes() > dictionaryLimit) {
                fallBack();
            }
        } else {
            values.longLE(bits);
            if (statistics) {
                pageStatistics.updateStats(value);
            }
        }
    }

    void addNull(final int repetition, final int definition) {
        level(repetition, definition);
        nulls++;
    }

    /** The row is complete: cuts the page when it is full (pages hold whole rows). */
    void endRow() {
        if (++rows >= PAGE_ROW_LIMIT || values.size() + 4L * idCount >= pageBytes) {
            flushPage();
        }
    }

    /** What the row group holds of this column so far: compressed pages, the page being filled and the dictionary. */
    long bufferedBytes() {
        return chunkBytes + values.size() + idCount + (dictionary == null || !(encodingIds || idsFlushed) ? 0 : dictionary.bytes());
    }

    private void level(final int repetition, final int definition) {
        if (levels == (definitions != null ? definitions.length : repetitions != null ? repetitions.length : Integer.MAX_VALUE)) {
            if (definitions != null) {
                definitions = Arrays.copyOf(definitions, 2 * levels);
            }
            if (repetitions != null) {
                repetitions = Arrays.copyOf(repetitions, 2 * levels);
            }
        }
        if (repetitions != null) {
            repetitions[levels] = repetition;
        }
        if (definitions != null) {
            definitions[levels] = definition;
        }
        levels++;
    }

    private void id(final int id) {
        if (idCount == ids.length) {
            ids = Arrays.copyOf(ids, 2 * idCount);
        }
        ids[idCount++] = id;
        if (statistics) {
            if (id >= seen.length) {
                seen = Arrays.copyOf(seen, Math.max(2 * seen.length, id + 1));
            }
            if (seen[id] != page) {
                seen[id] = page;
                if (pageIdCount == pageIds.length) {
                    pageIds = Arrays.copyOf(pageIds, 2 * pageIdCount);
                }
                pageIds[pageIdCount++] = id;
            }
        }
    }

    /** Writes the rest of the chunk PLAIN, the current page's ids first; pages already written keep their ids. */
    private void fallBack() {
        encodingIds = false;
        values.reset();
        for (int i = 0; i < idCount; i++) {
            dictionary.writePlain(ids[i], values);
        }
        idStatistics();
        idCount = 0;
        if (!idsFlushed) {
            dictionary.clear();
        }
    }

    private void idStatistics() {
        if (statistics) {
            for (int i = 0; i < pageIdCount; i++) {
                dictionary.updateStatistics(pageIds[i], pageStatistics);
            }
        }
        pageIdCount = 0;
    }

    private Statistics<?> newStatistics() {
        return statistics ? Statistics.createStats(primitive) : noStatistics;
    }

    private void flushPage() {
        if (levels == 0) {
            return;
        }
        final int idWidth = encodingIds ? RleHybrid.bitWidth(Math.max(0, dictionary.size() - 1)) : 0;
        if (encodingIds && !idsFlushed && pages.isEmpty() && (long) idCount * idWidth / 8 + dictionary.bytes() >= plainBytes) {
            fallBack();
        }
        idStatistics();
        final Statistics<?> pageStats = pageStatistics;
        if (statistics) {
            pageStats.incrementNumNulls(nulls);
        }
        compressed.reset();
        int repetitionBytes = 0;
        int definitionBytes = 0;
        scratch.reset();
        if (v2) {
            if (repetitions != null) {
                RleHybrid.encode(repetitions, levels, RleHybrid.bitWidth(maxRepetition), compressed);
                repetitionBytes = compressed.size();
            }
            if (definitions != null) {
                RleHybrid.encode(definitions, levels, RleHybrid.bitWidth(maxDefinition), compressed);
                definitionBytes = compressed.size() - repetitionBytes;
            }
        } else {
            if (repetitions != null) {
                levelsV1(repetitions, maxRepetition);
            }
            if (definitions != null) {
                levelsV1(definitions, maxDefinition);
            }
        }
        final Encoding encoding;
        if (encodingIds) {
            scratch.write(idWidth);
            RleHybrid.encode(ids, idCount, idWidth, scratch);
            encoding = v2 ? Encoding.RLE_DICTIONARY : Encoding.PLAIN_DICTIONARY;
            idsFlushed = true;
        } else {
            scratch.write(values.array(), 0, values.size());
            encoding = Encoding.PLAIN;
        }
        final int uncompressed = scratch.size();
        compressor.compress(scratch.array(), 0, uncompressed, compressed);
        final byte[] body = Arrays.copyOf(compressed.array(), compressed.size());
        pages.add(new Page(body, repetitionBytes, definitionBytes, uncompressed, levels, rows, nulls, pageStats, encoding));
        chunkBytes += body.length;
        chunkValues += levels;
        values.reset();
        idCount = 0;
        levels = 0;
        nulls = 0;
        rows = 0;
        plainBytes = 0;
        page++;
        pageStatistics = newStatistics();
        lastStatistic = null;
    }

    /** Version 1 levels: their RLE length, then the RLE / bit-packed runs. */
    private void levelsV1(final int[] levelValues, final int max) {
        final int position = scratch.size();
        scratch.intLE(0);
        RleHybrid.encode(levelValues, levels, RleHybrid.bitWidth(max), scratch);
        scratch.intLEAt(position, scratch.size() - position - 4);
    }

    /** Writes the column chunk (dictionary page first, if any page uses it) and starts an empty one. */
    void writeTo(final ParquetFileWriter writer, final CompressionCodecName codec) throws IOException {
        flushPage();
        writer.startColumn(column, chunkValues, codec);
        if (idsFlushed) {
            scratch.reset();
            for (int id = 0; id < dictionary.size(); id++) {
                dictionary.writePlain(id, scratch);
            }
            compressed.reset();
            compressor.compress(scratch.array(), 0, scratch.size(), compressed);
            writer.writeDictionaryPage(new DictionaryPage(BytesInput.from(compressed.array(), 0, compressed.size()), scratch.size(),
                dictionary.size(), v2 ? Encoding.PLAIN : Encoding.PLAIN_DICTIONARY));
        }
        final Encoding repetitionEncoding = maxRepetition > 0 ? Encoding.RLE : Encoding.BIT_PACKED;
        final Encoding definitionEncoding = maxDefinition > 0 ? Encoding.RLE : Encoding.BIT_PACKED;
        for (final Page p : pages) {
            final byte[] body = p.body;
            if (v2) {
                final int data = p.repetitionBytes + p.definitionBytes;
                writer.writeDataPageV2(p.rows, p.nulls, p.values, BytesInput.from(body, 0, p.repetitionBytes),
                    BytesInput.from(body, p.repetitionBytes, p.definitionBytes), p.encoding,
                    BytesInput.from(body, data, body.length - data), p.uncompressed, p.statistics);
            } else {
                writer.writeDataPage(p.values, p.uncompressed, BytesInput.from(body), p.statistics, p.rows,
                    repetitionEncoding, definitionEncoding, p.encoding);
            }
        }
        writer.endColumn();
        pages.clear();
        chunkBytes = 0;
        chunkValues = 0;
        if (dictionary != null) {
            dictionary.clear();
            encodingIds = true;
            idsFlushed = false;
        }
    }

    /** A finished page: its levels (version 2 only, uncompressed), then its compressed body. */
    private record Page(byte[] body, int repetitionBytes, int definitionBytes, int uncompressed, int values, int rows,
                        int nulls, Statistics<?> statistics, Encoding encoding) {
    }
}
