package io.lakeobs.functions.views;

import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.views.parquet.Column;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The view definitions are consistent in themselves, and with the names the lifecycle keeps without them. */
class ViewDefinitionTest {
    /**
     * Words a column must not be called: DuckDB's read_parquet options (a column named like one
     * clashes with the option's own column) and words reserved in Trino/Athena or DuckDB queries
     * (a column named like one must be quoted in every query).
     */
    private static final Set<String> FORBIDDEN = Set.of("filename", "file_row_number", "hive_partitioning",
        "union_by_name", "binary_as_string", "begin", "end", "order", "group", "from", "select", "where", "table",
        "user", "current_time", "current_timestamp", "values", "case", "cast", "default", "row", "range", "window");

    @Test
    void theLifecycleKnowsEveryViewTheOnDemandEtlWritesPerInstance() {
        // deletion on request (functions-lifecycle) cannot see View: it deletes the instances of these names
        assertThat(View.instanceViews().stream().map(View::tableName).toList())
            .containsExactlyInAnyOrderElementsOf(ViewLayout.INSTANCE_VIEWS);
    }

    @Test
    void aColumnsPositionIsItsPlaceInTheSchema() {
        for (final View view : View.values()) {
            assertThat(view.columns()).isNotEmpty();
            for (final Column column : view.columns()) {
                assertThat(view.schema().getFieldIndex(column.name())).as("%s.%s", view.tableName(), column.name())
                    .isEqualTo(column.index());
                final Type field = view.schema().getType(column.index());
                assertThat(field.isRepetition(Type.Repetition.OPTIONAL)).as("%s.%s", view.tableName(), column.name())
                    .isEqualTo(column.nullable());
            }
            assertThat(view.schema().getFieldCount()).isEqualTo(view.columns().size());
        }
    }

    @Test
    void noColumnNeedsQuotingInAthenaOrDuckDb() {
        for (final View view : View.values()) {
            assertThat(view.columns()).extracting(Column::name).as(view.tableName())
                .allMatch(name -> name.matches("[a-z][a-z0-9_]*")).doesNotContainAnyElementsOf(FORBIDDEN);
        }
    }

    @Test
    void everyViewIsBuiltSomewhereAndEachJobGetsItsOwn() {
        assertThat(View.globalViews()).containsExactlyInAnyOrder(View.LOG_ENTRIES, View.MEASURES, View.PROCESSES,
            View.STREAMS, View.BLOCKS);
        assertThat(View.instanceViews()).containsExactlyInAnyOrder(View.LOG_ENTRIES, View.MEASURES, View.THREAD_SPANS,
            View.ASYNC_EVENTS);
        for (final View view : View.values()) {
            assertThat(view.global() || view.perInstance()).as(view.tableName()).isTrue();
            // catalog views list every block of a window: they exist only as global windows
            if (view.source() == View.Source.CATALOG) {
                assertThat(view.perInstance()).as(view.tableName()).isFalse();
            }
        }
    }

    @Test
    void aDeclarationRefusesADuplicateOrALateColumn() {
        final Column.Declarations columns = new Column.Declarations();
        columns.text("a");
        assertThatThrownBy(() -> columns.int64("a")).hasMessageContaining("duplicate column a");
        columns.close();
        assertThatThrownBy(() -> columns.int32("b")).isInstanceOf(IllegalStateException.class);
    }
}
