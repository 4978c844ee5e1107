package io.lakeobs.functions.views;

import io.lakeobs.functions.views.etl.BlockFetcher;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.lakeobs.functions.views.TestBlocks.START_TICKS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Athena DDL in infra/athena/tables must describe the files the ETL really writes: every
 * column, in order, with its type, compared with the Parquet footers as DuckDB's parquet_schema()
 * reads them. The DuckDB variants of the named queries must bind against those files too.
 */
class AthenaDdlTest {
    private static final Path INFRA = Path.of(System.getProperty("user.dir")).toAbsolutePath()
        .getParent().getParent().resolve("infra/athena"); // the module is functions/views
    private static final Pattern COLUMN = Pattern.compile("^\\s*`([a-z_]+)`\\s+(\\S+?),?\\s*$");
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
    void everyTableDdlMatchesTheFooterOfAFileTheEtlWrote() throws Exception {
        final List<Path> ddls;
        try (Stream<Path> files = Files.list(INFRA.resolve("tables"))) {
            ddls = files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        assertThat(ddls.stream().map(p -> p.getFileName().toString().replace("_by_instance", "").replace(".sql", "")).distinct())
            .as("every view has a DDL").containsExactlyInAnyOrderElementsOf(
                Stream.of(View.values()).map(View::tableName).toList());
        for (final Path ddl : ddls) {
            final String table = ddl.getFileName().toString().replace(".sql", "");
            final View view = View.fromTableName(table.replace("_by_instance", ""));
            final List<String> declared = new ArrayList<>();
            boolean inColumns = false;
            for (final String line : Files.readAllLines(ddl)) {
                if (line.startsWith("CREATE EXTERNAL TABLE")) {
                    assertThat(line).contains(" " + table + " (");
                    inColumns = true;
                } else if (inColumns && line.startsWith(")")) {
                    inColumns = false;
                } else if (inColumns) {
                    final Matcher m = COLUMN.matcher(line);
                    assertThat(m.matches()).as("column line '%s' in %s", line, ddl).isTrue();
                    declared.add(m.group(1) + " " + m.group(2));
                }
            }
            assertThat(declared).as(ddl.toString()).containsExactlyElementsOf(footerColumns(FILES.get(view)));
        }
    }

    /** Top-level columns of the file as "name athena_type", from parquet_schema(). */
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
            columns.add(field[0] + " " + athenaType(rows, at));
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
    void theDuckDbVariantsOfTheNamedQueriesBindAgainstRealFiles() throws Exception {
        final Map<String, View> sources = Map.of("errors_last_hour_for_exe.sql", View.LOG_ENTRIES,
            "p99_of_measure.sql", View.MEASURES, "slowest_spans_of_process.sql", View.THREAD_SPANS);
        for (final Map.Entry<String, View> query : sources.entrySet()) {
            assertThat(INFRA.resolve("queries/athena/" + query.getKey())).exists();
            duck.execute("SET VARIABLE files = ['" + FILES.get(query.getValue()) + "']");
            final String sql = Files.readString(INFRA.resolve("queries/duckdb/" + query.getKey())).trim();
            duck.rows(sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql);
        }
        duck.execute("SET VARIABLE files = ['" + FILES.get(View.THREAD_SPANS) + "']");
        assertThat(duck.rows(Files.readString(INFRA.resolve("queries/duckdb/slowest_spans_of_process.sql")).replace(";", "")))
            .hasSize(1).first().asString().startsWith("main|outer|0|");
    }
}
