package io.lakeobs.functions.views.parquet;

import io.lakeobs.functions.views.DuckDb;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.lakeobs.functions.views.parquet.Column.Trait.FILTERED;
import static io.lakeobs.functions.views.parquet.Column.Trait.NULLABLE;
import static io.lakeobs.functions.views.parquet.Column.Trait.UNIQUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our column chunks ({@link PageFileWriter}) against parquet-java's record writer: the same rows,
 * every column kind (nulls, empty and non-empty maps and lists, values whose bytes are reused,
 * dictionaries that fall back to plain), tiny and default sizes, read back by DuckDB with the same
 * values, schema and key-value metadata; statistics on filtered columns match each row group's
 * data, so a filter by time skips row groups correctly.
 */
class PageFileWriterTest {
    private static final Column.Declarations C = new Column.Declarations();
    private static final Column.Text PROCESS = C.text("process_id", FILTERED);
    private static final Column.Text TARGET = C.text("target", FILTERED);
    private static final Column.Text MESSAGE = C.text("msg");
    private static final Column.Text KEY = C.text("key", UNIQUE);
    private static final Column.Text OWNER = C.text("owner", FILTERED, NULLABLE);
    private static final Column.Text EXCEPTION = C.text("exception", UNIQUE, NULLABLE);
    private static final Column.Int64 TIME = C.timestamp("time", UNIQUE, FILTERED);
    private static final Column.Int64 THREAD = C.int64("thread_id", FILTERED, NULLABLE);
    private static final Column.Int32 LEVEL = C.int32("level", FILTERED);
    private static final Column.Int64 COUNT = C.int64("count");
    private static final Column.Float64 VALUE = C.float64("value", FILTERED);
    private static final Column.StringMap PROPERTIES = C.stringMap("properties");
    private static final Column.StringList TAGS = C.stringList("tags");
    private static final List<Column> COLUMNS = C.close();
    private static final MessageType SCHEMA = new MessageType("test_view", COLUMNS.stream().map(Column::parquetType).toArray(Type[]::new));
    private static final Map<String, String> METADATA = Map.of("lakeobs.view", "test_view", "lakeobs.schema_version", "7");
    private static final long START_MICROS = 1_760_000_000_000_000L;

    @TempDir
    Path directory;

    static List<ParquetSettings> settings() {
        final ParquetSettings d = ParquetSettings.DEFAULT;
        final CompressionCodecName zstd = CompressionCodecName.ZSTD;
        return List.of(d,
            new ParquetSettings(zstd, 3, 8 << 10, 1024, 1024),
            new ParquetSettings(zstd, 1, 32 << 10, 4 << 10, 2 << 10, true, true, true, true),
            new ParquetSettings(CompressionCodecName.UNCOMPRESSED, 3, 16 << 10, 1024, 1024, false, false, true, true),
            new ParquetSettings(zstd, 3, 16 << 10, 2 << 10, 1024, true, false, false, true),
            new ParquetSettings(zstd, 3, 16 << 10, 2 << 10, 1024, true, false, true, false));
    }

    @ParameterizedTest
    @MethodSource("settings")
    void readsBackTheSameAsParquetJavaWithCorrectStatistics(final ParquetSettings settings) throws Exception {
        final int rows = 12_000;
        final String ours = write(settings, rows, "ours.parquet");
        final String theirs = write(settings.withWriter(ParquetSettings.Writer.PARQUET_JAVA), rows, "theirs.parquet");
        try (DuckDb duck = new DuckDb()) {
            final String all = "SELECT * FROM read_parquet('%s') ORDER BY time";
            final List<String> expected = duck.rows(all.formatted(theirs));
            assertEquals(rows, expected.size());
            assertEquals(expected, duck.rows(all.formatted(ours)));
            final String schema = "SELECT name, type, repetition_type, num_children, converted_type, logical_type FROM parquet_schema('%s')";
            assertEquals(duck.rows(schema.formatted(theirs)), duck.rows(schema.formatted(ours)));
            final String metadata = "SELECT key::VARCHAR, value::VARCHAR FROM parquet_kv_metadata('%s') ORDER BY 1";
            assertEquals(duck.rows(metadata.formatted(theirs)), duck.rows(metadata.formatted(ours)));
            assertEquals(List.of("lakeobs.schema_version|7", "lakeobs.view|test_view"), duck.rows(metadata.formatted(ours)));

            final long groups = duck.count("SELECT count(DISTINCT row_group_id) FROM parquet_metadata('%s')".formatted(ours));
            if (settings.rowGroupBytes() < 1 << 20) {
                assertTrue(groups > 2, "several row groups: " + groups);
            }
            checkStatistics(duck, ours, settings.statistics());
            final long from = START_MICROS + 3_000 * 1_000L;
            final long to = START_MICROS + 3_500 * 1_000L;
            final String filtered = "SELECT count(*) FROM read_parquet('%s') WHERE time BETWEEN make_timestamp(%d) AND make_timestamp(%d)";
            assertEquals(501, duck.count(filtered.formatted(ours, from, to)));
            if (settings.dictionary() && settings.dictionaryPageBytes() < 4096) {
                final String encodings = "SELECT DISTINCT encodings FROM parquet_metadata('%s') WHERE path_in_schema = '%s'";
                assertTrue(duck.rows(encodings.formatted(ours, "msg")).stream().anyMatch(e -> e.contains("PLAIN")),
                    "msg falls back to plain");
                assertTrue(duck.rows(encodings.formatted(ours, "process_id")).stream().allMatch(e -> e.contains("DICTIONARY")),
                    "process_id stays in its dictionary");
            }
        }
    }

    /** Each row group's min, max and null count of each filtered column are those of its rows. */
    private static void checkStatistics(final DuckDb duck, final String file, final boolean enabled) throws Exception {
        for (final Column column : List.of(PROCESS, TARGET, OWNER, THREAD, LEVEL, VALUE, TIME)) {
            final List<String> actual = duck.rows(("SELECT row_group_id, stats_min_value, stats_max_value, stats_null_count "
                + "FROM parquet_metadata('%s') WHERE path_in_schema = '%s' ORDER BY 1").formatted(file, column.name()));
            if (!enabled) {
                assertTrue(actual.stream().allMatch(r -> r.contains("|null|null|")), column.name() + " has no statistics: " + actual);
                continue;
            }
            final List<String> expected = duck.rows(("WITH g AS (SELECT row_group_id, row_group_num_rows AS n, "
                + "sum(row_group_num_rows) OVER (ORDER BY row_group_id) - row_group_num_rows AS first "
                + "FROM (SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata('%1$s'))) "
                + "SELECT g.row_group_id, min(%2$s)::VARCHAR, max(%2$s)::VARCHAR, count(*) - count(%2$s) "
                + "FROM read_parquet('%1$s', file_row_number = true) d JOIN g "
                + "ON d.file_row_number >= g.first AND d.file_row_number < g.first + g.n GROUP BY 1 ORDER BY 1")
                .formatted(file, column.name()));
            assertEquals(expected.size(), actual.size(), column.name());
            for (int i = 0; i < expected.size(); i++) {
                final String[] want = expected.get(i).split("\\|");
                final String[] got = actual.get(i).split("\\|");
                assertEquals(want[3], got[3], column.name() + " null count in row group " + i);
                if (column == VALUE) {
                    assertEquals(Double.parseDouble(want[1]), Double.parseDouble(got[1]), column.name() + " min in row group " + i);
                    assertEquals(Double.parseDouble(want[2]), Double.parseDouble(got[2]), column.name() + " max in row group " + i);
                } else {
                    assertEquals(want[1] + "|" + want[2], got[1] + "|" + got[2], column.name() + " in row group " + i);
                }
            }
        }
    }

    private String write(final ParquetSettings settings, final int rows, final String name) throws Exception {
        final ByteArrayOutputFile output = new ByteArrayOutputFile(1 << 16);
        try (RowFile file = new RowFile(output, SCHEMA, COLUMNS, METADATA, settings)) {
            final TestRow row = new TestRow();
            for (int i = 0; i < rows; i++) {
                row.next(i);
                file.write(row);
            }
            file.finish();
        }
        return DuckDb.file(directory, name, output.toByteArray());
    }

    @Test
    void badSettingsAreRejectedByName() {
        final IllegalArgumentException page = assertThrows(IllegalArgumentException.class,
            () -> new ParquetSettings(CompressionCodecName.ZSTD, 3, 1 << 20, 100, 1 << 20));
        assertTrue(page.getMessage().contains("at least 1 KiB") && page.getMessage().contains("100"), page.getMessage());
        final IllegalArgumentException level = assertThrows(IllegalArgumentException.class,
            () -> new ParquetSettings(CompressionCodecName.ZSTD, 0, 1 << 20, 1 << 20, 1 << 20));
        assertTrue(level.getMessage().contains("ZSTD level"), level.getMessage());
        final IllegalArgumentException codec = assertThrows(IllegalArgumentException.class,
            () -> new ParquetSettings(CompressionCodecName.SNAPPY, 3, 1 << 20, 1 << 20, 1 << 20));
        assertTrue(codec.getMessage().contains("SNAPPY"), codec.getMessage());
        final IllegalArgumentException writer = assertThrows(IllegalArgumentException.class,
            () -> ParquetSettings.DEFAULT.withWriter(null));
        assertTrue(writer.getMessage().contains("writer"), writer.getMessage());
    }

    @Test
    void columnsThatAreNotTheSchemasFieldsAreRejected() {
        final List<Column> swapped = new ArrayList<>(COLUMNS);
        java.util.Collections.swap(swapped, 0, 1);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new RowFile(new ByteArrayOutputFile(1024), SCHEMA, swapped, METADATA, ParquetSettings.DEFAULT));
        assertTrue(e.getMessage().contains("not the schema's fields") && e.getMessage().contains("process_id"), e.getMessage());
    }

    @Test
    void aRowLeavingOutARequiredColumnFailsNamingIt() {
        try (RowFile file = new RowFile(new ByteArrayOutputFile(1024), SCHEMA, COLUMNS, METADATA, ParquetSettings.DEFAULT)) {
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> file.write(consumer -> PROCESS.write(consumer, Binary.fromString("p"))));
            assertTrue(e.getMessage().contains("target"), e.getMessage());
        }
    }

    /** Deterministic rows: every column kind, with nulls, empty maps and lists, and reused bytes. */
    private static final class TestRow implements ParquetRow {
        private static final Binary[] PROCESSES = {Binary.fromString("p-1"), Binary.fromString("p-2"), Binary.fromString("p-3")};
        private static final Binary[] TARGETS = new Binary[40];
        private static final Binary[] KEYS = {Binary.fromString("env"), Binary.fromString("host"), Binary.fromString("region")};

        static {
            for (int i = 0; i < TARGETS.length; i++) {
                TARGETS[i] = Binary.fromString("app.module" + i + ".Class");
            }
        }

        private final Random random = new Random(42);
        private final byte[] reused = new byte[64];
        private final Binary[] mapKeys = new Binary[3];
        private final Binary[] mapValues = new Binary[3];
        private final Binary[] tags = new Binary[4];
        private int index;
        private int messageLength;
        private int mapCount;
        private int tagCount;

        void next(final int i) {
            index = i;
            final byte[] text = ("message " + random.nextInt(i < 6_000 ? 20 : 5_000) + " caf\u00e9").getBytes(StandardCharsets.UTF_8);
            System.arraycopy(text, 0, reused, 0, text.length);
            messageLength = text.length;
            mapCount = i % 4 == 0 ? 0 : 1 + i % 3;
            for (int k = 0; k < mapCount; k++) {
                mapKeys[k] = KEYS[k];
                mapValues[k] = Binary.fromString(k == 1 ? "host-" + (i % 7) : "v" + (i % 3));
            }
            tagCount = i % 5 == 0 ? 0 : i % 4 + 1;
            for (int t = 0; t < tagCount; t++) {
                tags[t] = Binary.fromString("tag" + (i + t) % 11);
            }
        }

        @Override
        public void writeTo(final RecordConsumer consumer) {
            PROCESS.write(consumer, PROCESSES[index / 5_000]);
            TARGET.write(consumer, TARGETS[random.nextInt(TARGETS.length)]);
            MESSAGE.write(consumer, Binary.fromReusedByteArray(reused, 0, messageLength));
            KEY.write(consumer, Binary.fromString("key-" + index));
            OWNER.write(consumer, index % 3 == 0 ? null : Binary.fromString("owner-" + index % 13));
            EXCEPTION.write(consumer, index % 97 == 0 ? Binary.fromString("boom " + index) : null);
            TIME.write(consumer, START_MICROS + index * 1_000L);
            if (index % 10 != 0) {
                THREAD.write(consumer, (index % 17) - 8);
            }
            LEVEL.write(consumer, index % 6);
            COUNT.write(consumer, random.nextLong());
            VALUE.write(consumer, index % 50 == 0 ? -index * 0.5 : random.nextGaussian() * 1e6);
            PROPERTIES.write(consumer, mapKeys, mapValues, mapCount);
            TAGS.write(consumer, tags, tagCount);
        }
    }
}
