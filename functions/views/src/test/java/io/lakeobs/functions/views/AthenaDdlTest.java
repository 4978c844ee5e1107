package io.lakeobs.functions.views;

import io.lakeobs.functions.views.etl.BlockFetcher;
import io.lakeobs.functions.views.parquet.Column;
import io.lakeobs.functions.views.etl.EtlOutput;
import io.lakeobs.functions.views.etl.ProcessMeta;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.ViewEtl;
import io.lakeobs.functions.views.parquet.ParquetSettings;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.lakeobs.functions.views.TestBlocks.START_TICKS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One definition per view, checked at both ends: the committed Athena DDL in infra/athena/tables
 * is exactly what {@link AthenaDdl} generates from {@link View}, and the footer of a file the
 * real ETL wrote, read with DuckDB's parquet_schema(), has exactly the columns, types and
 * nullability {@link View} defines. The DuckDB variants of the named queries must bind against
 * those files too.
 */
class AthenaDdlTest {
    private static final Path INFRA = Path.of(System.getProperty("user.dir")).toAbsolutePath()
        .getParent().getParent().resolve("infra/athena"); // the module is functions/views
    private static final Map<View, String> FILES = new EnumMap<>(View.class);
    private static DuckDb duck;

    @BeforeAll
    static void writeEveryView() throws Exception {
        duck = new DuckDb();
        final UUID process = new UUID(1, 1);
        final UUID stream = new UUID(2, 2);
        final ProcessMeta meta = TestBlocks.process(process, "app.jar", TestBlocks.FREQUENCY);
        final TestBlocks.Encoded block = new TestBlocks.Builder().logArgs(START_TICKS + 1, 5, "x")
            .logDynamic(START_TICKS + 2, Level.ERROR, "boom").metric(START_TICKS + 3, 7).metricWithProperties(START_TICKS + 4, 1.5)
            .begin(4, START_TICKS + 5).end(4, START_TICKS + 6).asyncBegin(1, 0, 0, START_TICKS + 7).asyncEnd(1, 0, 0, START_TICKS + 8)
            .encode(process, stream, 0, 1_763_700_100_000L);
        final BlockFetcher fetcher = b -> block.bytes();
        final EtlOutput output = new ViewEtl(ParquetSettings.DEFAULT).run(
            List.<SourceBlock>of(block.source(meta, TestBlocks.stream(stream, process, "main"))), EnumSet.allOf(View.class), fetcher);
        final Path directory = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "ddl-test"));
        for (final View view : View.values()) {
            assertThat(output.view(view).rows()).as(view.tableName()).isPositive();
            FILES.put(view, DuckDb.file(directory, view.tableName() + ".parquet", output.view(view).bytes()));
        }
    }

    @AfterAll
    static void close() throws Exception {
        duck.close();
    }

    @Test
    void theCommittedDdlIsWhatTheViewDefinitionGenerates() throws Exception {
        final Map<String, String> committed = new TreeMap<>();
        try (Stream<Path> files = Files.list(INFRA.resolve("tables"))) {
            for (final Path file : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                committed.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        assertThat(committed).as("infra/athena/tables differs from AthenaDdl's output: run make athena-ddl")
            .containsExactlyInAnyOrderEntriesOf(AthenaDdl.files());
        assertThat(committed.keySet()).as("a table per global view and per on-demand view").containsExactlyInAnyOrder(
            "log_entries.sql", "measures.sql", "processes.sql", "streams.sql", "blocks.sql",
            "log_entries_by_instance.sql", "measures_by_instance.sql", "thread_spans_by_instance.sql",
            "async_events_by_instance.sql");
    }

    @Test
    void theFooterOfEveryFileTheEtlWroteIsItsViewDefinition() throws Exception {
        for (final View view : View.values()) {
            final List<String> defined = view.columns().stream()
                .map(c -> c.name() + " " + c.athenaType() + (c.nullable() ? " OPTIONAL" : " REQUIRED")).toList();
            assertThat(footerColumns(FILES.get(view))).as(view.tableName()).containsExactlyElementsOf(defined);
            assertThat(duck.rows("SELECT decode(key), decode(value) FROM parquet_kv_metadata('" + FILES.get(view)
                + "') WHERE decode(key) LIKE 'lakeobs.%' ORDER BY 1")).as(view.tableName())
                .containsExactly("lakeobs.schema_version|" + View.SCHEMA_VERSION, "lakeobs.view|" + view.tableName());
            // the writer wrote every column the definition requires, in every row
            for (final Column column : view.columns()) {
                if (!column.nullable()) {
                    assertThat(duck.count("SELECT count(*) FROM read_parquet('" + FILES.get(view) + "') WHERE "
                        + column.name() + " IS NULL")).as("%s.%s", view.tableName(), column.name()).isZero();
                }
            }
        }
    }

    /** Top-level columns of the file as "name athena_type REQUIRED|OPTIONAL", from parquet_schema(). */
    private static List<String> footerColumns(final String file) throws Exception {
        final List<String[]> rows = new ArrayList<>();
        for (final String row : duck.rows("SELECT name, type, converted_type, num_children, logical_type, repetition_type"
            + " FROM parquet_schema('" + file + "')")) {
            rows.add(row.split("\\|", -1));
        }
        final List<String> columns = new ArrayList<>();
        int at = 1;
        final int top = Integer.parseInt(rows.get(0)[3]);
        for (int i = 0; i < top; i++) {
            final String[] field = rows.get(at);
            columns.add(field[0] + " " + athenaType(rows, at) + " " + field[5]);
            at = skip(rows, at);
        }
        return columns;
    }

    private static String athenaType(final List<String[]> rows, final int at) {
        final String[] f = rows.get(at);
        final String children = f[3];
        if (children != null && !children.equals("null") && !children.equals("0")) {
            final String converted = f[2];
            final List<String> leaves = new ArrayList<>();
            for (int i = at + 1; i < skip(rows, at); i++) {
                if (rows.get(i)[3] == null || rows.get(i)[3].equals("null") || rows.get(i)[3].equals("0")) {
                    leaves.add(athenaType(rows, i));
                }
            }
            if ("MAP".equals(converted)) {
                return "map<" + String.join(",", leaves) + ">";
            }
            if ("LIST".equals(converted)) {
                return "array<" + String.join(",", leaves) + ">";
            }
            throw new AssertionError("unexpected group " + String.join("|", f));
        }
        assertThat(f[5]).as("column %s", f[0]).isIn("REQUIRED", "OPTIONAL");
        return switch (f[1]) {
            case "BYTE_ARRAY" -> {
                assertThat(f[2]).as("%s is UTF-8", f[0]).isEqualTo("UTF8");
                yield "string";
            }
            case "INT64" -> f[4] != null && f[4].startsWith("TimestampType") ? "timestamp" : "bigint";
            case "INT32" -> "int";
            case "DOUBLE" -> "double";
            default -> throw new AssertionError("unexpected type " + String.join("|", f));
        };
    }

    /** Index after the field at {@code at} and all its descendants. */
    private static int skip(final List<String[]> rows, final int at) {
        final String children = rows.get(at)[3];
        int next = at + 1;
        if (children != null && !children.equals("null")) {
            for (int i = 0; i < Integer.parseInt(children); i++) {
                next = skip(rows, next);
            }
        }
        return next;
    }

    @Test
    void theDuckDbVariantsOfTheNamedQueriesRunAgainstRealFiles() throws Exception {
        final Map<String, View> sources = Map.of("errors_last_hour_for_exe.sql", View.LOG_ENTRIES,
            "logs_of_thread.sql", View.LOG_ENTRIES, "p99_of_measure.sql", View.MEASURES,
            "slowest_spans_of_process.sql", View.THREAD_SPANS);
        try (Stream<Path> athena = Files.list(INFRA.resolve("queries/athena"))) {
            assertThat(athena.map(p -> p.getFileName().toString())).as("every named query has a DuckDB variant here")
                .containsExactlyInAnyOrderElementsOf(sources.keySet());
        }
        final Map<String, List<String>> results = new TreeMap<>();
        for (final Map.Entry<String, View> query : sources.entrySet()) {
            duck.execute("SET VARIABLE files = ['" + FILES.get(query.getValue()) + "']");
            // "now" is a few minutes after the test's events, so the last-hour filters keep them
            final String sql = Files.readString(INFRA.resolve("queries/duckdb/" + query.getKey())).trim()
                .replace("now()", "TIMESTAMP '2025-11-21 05:00:00'");
            results.put(query.getKey(), duck.rows(sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql));
        }
        assertThat(results.get("slowest_spans_of_process.sql")).hasSize(1).first().asString().startsWith("main|outer|0|");
        assertThat(results.get("errors_last_hour_for_exe.sql")).hasSize(2)
            .allSatisfy(row -> assertThat(row).contains("|main|").contains("|5|").endsWith("|null|null"));
        assertThat(results.get("errors_last_hour_for_exe.sql").get(0)).contains("|boom|");
        // a missing key is NULL, not an error; rows in event order, with the thread
        assertThat(results.get("logs_of_thread.sql")).hasSize(2)
            .allSatisfy(row -> assertThat(row).contains("|main|" + TestBlocks.THREAD_ID + "|5|").endsWith("|null"));
        assertThat(results.get("logs_of_thread.sql").get(0)).contains("|took 5 ms for x|");
        assertThat(results.get("p99_of_measure.sql")).isNotEmpty();
    }
}
