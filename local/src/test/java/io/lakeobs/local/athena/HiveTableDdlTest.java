package io.lakeobs.local.athena;

import io.lakeobs.functions.views.ViewTable;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Athena check registers what the DDL files say, so its reader must read back from every
 * committed file exactly the table {@link ViewTable} describes, and refuse what it cannot read.
 */
class HiveTableDdlTest {
    private static final Path TABLES = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent()
        .resolve("infra/athena/tables"); // the module is local

    @Test
    void everyCommittedDdlFileReadsBackAsTheTableViewTableDescribes() throws Exception {
        assertThat(ViewTable.all()).isNotEmpty();
        for (final ViewTable expected : ViewTable.all()) {
            final HiveTableDdl table = HiveTableDdl.parse(Files.readString(TABLES.resolve(expected.name() + ".sql")), "bucket-x");
            assertThat(table.name()).isEqualTo(expected.name());
            assertThat(table.columns()).extracting(c -> c.name() + " " + c.type())
                .containsExactlyElementsOf(expected.view().columns().stream()
                    .map(c -> c.name() + " " + c.athenaType().toLowerCase(java.util.Locale.ROOT).replace(" ", "")).toList());
            assertThat(table.partitionColumns()).containsExactly(new HiveTableDdl.Column(expected.partitionKey(), "string"));
            assertThat(List.of(table.serde(), table.inputFormat(), table.outputFormat()))
                .containsExactly(ViewTable.SERDE, ViewTable.INPUT_FORMAT, ViewTable.OUTPUT_FORMAT);
            assertThat(table.location()).isEqualTo(expected.location().replace(ViewTable.BUCKET, "bucket-x"));
            final Map<String, String> parameters = new LinkedHashMap<>();
            expected.parameters().forEach((k, v) -> parameters.put(k, v.replace(ViewTable.BUCKET, "bucket-x")));
            assertThat(table.properties()).containsExactlyEntriesOf(parameters);
        }
    }

    @Test
    void typesWithCommasAndSpacesAreOneColumn() {
        final HiveTableDdl table = HiveTableDdl.parse(ddl("`m` map<string, string>,\n  `a` array<string>,\n  `n` bigint"), "b");
        assertThat(table.columns()).containsExactly(new HiveTableDdl.Column("m", "map<string,string>"),
            new HiveTableDdl.Column("a", "array<string>"), new HiveTableDdl.Column("n", "bigint"));
    }

    @Test
    void whatItCannotReadIsNamed() {
        assertThatThrownBy(() -> HiveTableDdl.parse("CREATE TABLE t (a int)", "b"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a CREATE EXTERNAL TABLE statement");
        assertThatThrownBy(() -> HiveTableDdl.parse(ddl("`a` string,\n  oops"), "b"))
            .hasMessageContaining("t: not a column definition: oops");
        assertThatThrownBy(() -> HiveTableDdl.parse(ddl("`a` string").replace("'projection.enabled' = 'true'",
            "'projection.enabled' 'true'"), "b")).hasMessageContaining("t: table property is not 'key' = 'value'");
        assertThatThrownBy(() -> HiveTableDdl.parse(ddl("`a` string").replace("STORED AS", "STORED"), "b"))
            .hasMessageContaining("t: expected STORED AS INPUTFORMAT at: INPUTFORMAT");
        assertThatThrownBy(() -> HiveTableDdl.parse(ddl("`a` string") + "\nDROP TABLE t;", "b"))
            .hasMessageContaining("t: unexpected text after the statement: DROP TABLE t;");
        assertThatThrownBy(() -> HiveTableDdl.parse("CREATE EXTERNAL TABLE t (`a` string", "b"))
            .hasMessageContaining("t: a parenthesis is never closed");
    }

    private static String ddl(final String columns) {
        return "-- a comment\nCREATE EXTERNAL TABLE IF NOT EXISTS t (\n  " + columns + "\n)\nPARTITIONED BY (`dt` string)\n"
            + "ROW FORMAT SERDE 's'\nSTORED AS INPUTFORMAT 'i'\nOUTPUTFORMAT 'o'\nLOCATION 's3://${VIEWS_BUCKET}/x/'\n"
            + "TBLPROPERTIES (\n  'projection.enabled' = 'true'\n);\n";
    }
}
