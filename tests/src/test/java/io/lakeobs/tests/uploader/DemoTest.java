package io.lakeobs.tests.uploader;

import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.parquet.RowFile;
import io.lakeobs.local.demo.Demo;
import io.lakeobs.local.demo.LocalQuery;
import io.lakeobs.local.demo.SampleWorkload;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the demo's whole pipeline in-process (what {@code make demo} runs, smaller) and checks
 * that its figures agree with each other and with the workload's known counts: events recorded
 * = events sent = events decoded from S3 = rows in the views; blocks in S3 = blocks indexed.
 */
class DemoTest {
    @Test
    void recordedSentStoredIndexedAndQueriedFiguresAgree() throws Exception {
        final Path data = Files.createDirectories(Path.of("target", "demo-test-" + UUID.randomUUID())).toAbsolutePath();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Demo.Report report;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            report = new Demo(data, 3, 1_200, out).run();
        }
        final String output = bytes.toString(StandardCharsets.UTF_8);
        final SampleWorkload.Counts expected = new SampleWorkload(3, 1_200).expected();

        assertThat(report.recorded()).isEqualTo(expected);
        assertThat(report.uploader().eventsSent()).isEqualTo(report.census().events());
        assertThat(report.uploader().blocksDropped()).isZero();
        assertThat(report.census().workloadEvents()).isEqualTo(expected.total());
        assertThat(report.census().logs()).isEqualTo(expected.logs());
        assertThat(report.census().metrics()).isEqualTo(expected.metrics());
        assertThat(report.census().spanEvents()).isEqualTo(expected.spanEvents());
        assertThat(report.blocksIndexed()).isEqualTo(report.census().blockKeys().size());
        assertThat(report.workloadLogRows()).isEqualTo(expected.logs());
        assertThat(report.workloadMeasureRows()).isEqualTo(expected.metrics());
        assertThat(report.workloadSpanRows()).isEqualTo(expected.spans());
        // the blocks and processes views hold the demo's process and the uneventful batch job
        assertThat(report.viewRows().get("blocks")).isEqualTo(report.census().blockKeys().size() + report.lifecycle().batchBlocks());
        // the workload logs payment failures at ERROR: the sampler keeps a window around them
        assertThat(report.samplingDecisions()).anySatisfy(d -> assertThat(d).startsWith("errors").contains("ADDED")
            .contains(report.processId().toString()).contains("level 5 >= 5"));
        assertThat(output).contains("sampling  ").contains("USD/month").contains("(raw deadline only)");
        assertThat(report.viewRows().get("processes")).isEqualTo(2);
        // a week later: the batch job, which nothing keeps, is deleted and gone from the views; the kept process is whole
        final Demo.Lifecycle lifecycle = report.lifecycle();
        assertThat(lifecycle.batchBlocks()).isPositive();
        assertThat(lifecycle.blocksDeleted()).isEqualTo(lifecycle.batchBlocks());
        assertThat(lifecycle.processesDeleted()).as("the batch job, idle and unkept").isEqualTo(1);
        assertThat(lifecycle.batchProcessInCatalog()).isFalse();
        assertThat(lifecycle.keptProcessInCatalog()).as("kept blocks hold the kept process").isTrue();
        assertThat(lifecycle.logRowsBefore()).containsEntry("lakeobs-batch-job", 1_000L).containsEntry("lakeobs-demo", expected.logs());
        assertThat(lifecycle.logRowsAfter()).containsEntry("lakeobs-batch-job", 0L).containsEntry("lakeobs-demo", expected.logs());
        assertThat(output).contains("recorded  " + expected.total() + " events")
            .contains("sql> SELECT name, depth, count(*)")
            .contains("handle_order | 0 | " + 3 * 1_200);
        try (var files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("the stack's temporary files are gone")
                .containsExactlyInAnyOrder("views", "views-a-week-later");
        }
        emptyViewsAreTablesWithTheColumnsOfRealFiles(data.resolve("views"));
    }

    /**
     * The demo records no async spans, so async_events has no file; it is a table all the same, with
     * no rows. An empty view's columns and types are those DuckDB reads from the real files of every
     * view that has some.
     */
    private static void emptyViewsAreTablesWithTheColumnsOfRealFiles(final Path views) throws Exception {
        final Path empty = Files.createTempDirectory("empty-views");
        try (LocalQuery query = new LocalQuery(views)) {
            assertThat(query.views()).doesNotContain(View.ASYNC_EVENTS.tableName())
                .contains(View.LOG_ENTRIES.tableName(), View.MEASURES.tableName(), View.THREAD_SPANS.tableName());
            assertThat(query.count("SELECT count(*) FROM " + View.ASYNC_EVENTS.tableName())).isZero();
            assertThat(columns(query, View.ASYNC_EVENTS.tableName()).stream().map(c -> c.get(0)))
                .containsExactlyElementsOf(View.ASYNC_EVENTS.columns().stream().map(c -> c.name()).toList());
            for (final String name : query.views()) {
                final View view = View.fromTableName(name);
                final Path file = empty.resolve(name + ".parquet");
                Files.write(file, RowFile.emptyFile(view.schema(), view.columns()));
                assertThat(columns(query, "read_parquet('" + file + "')")).as(name).isEqualTo(columns(query, name));
            }
        }
    }

    /** Each column's name and DuckDB type. */
    private static List<List<Object>> columns(final LocalQuery query, final String from) throws Exception {
        return query.select("DESCRIBE SELECT * FROM " + from, 1_000).rows().stream().map(row -> row.subList(0, 2)).toList();
    }
}
