package io.lakeobs.functions.views;

import io.lakeobs.functions.views.parquet.Column;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Athena DDL of every table, generated from {@link View}, so a table can never declare a
 * column the files do not have. {@code infra/athena/tables/*.sql} are this class's output,
 * committed for operators to run; a test fails when they differ. Regenerate with
 * {@code make athena-ddl}. What each table reads and how is {@link ViewTable}'s, shared with the
 * stack's Glue tables.
 */
public final class AthenaDdl {
    private AthenaDdl() {
    }

    /** File name (e.g. {@code log_entries_by_instance.sql}) to its text, for every table. */
    public static Map<String, String> files() {
        final Map<String, String> files = new LinkedHashMap<>();
        for (final ViewTable table : ViewTable.all()) {
            files.put(table.name() + ".sql", ddl(table));
        }
        return files;
    }

    static String ddl(final ViewTable table) {
        final String name = table.view().tableName();
        final StringBuilder out = new StringBuilder();
        out.append(table.instances()
            ? "-- On-demand " + name + " of one process or stream (instance = its id): the file listed by that\n"
                + "-- instance's symlink manifest. Queries must say WHERE instance = '<id>' (injected projection).\n"
            : "-- Global " + name + ": the files listed by the per-day symlink manifests that the views functions\n"
                + "-- rewrite atomically (see docs/views.md). Replace ${VIEWS_BUCKET} before running.\n");
        out.append(generatedNote())
            .append("CREATE EXTERNAL TABLE IF NOT EXISTS ").append(table.name()).append(" (\n")
            .append(columns(table.view()))
            .append(")\n")
            .append("PARTITIONED BY (`").append(table.partitionKey()).append("` string)\n")
            .append("ROW FORMAT SERDE '").append(ViewTable.SERDE).append("'\n")
            .append("STORED AS INPUTFORMAT '").append(ViewTable.INPUT_FORMAT).append("'\n")
            .append("OUTPUTFORMAT '").append(ViewTable.OUTPUT_FORMAT).append("'\n")
            .append("LOCATION '").append(table.location()).append("'\n")
            .append("TBLPROPERTIES (\n");
        final List<String> properties = new ArrayList<>();
        table.parameters().forEach((key, value) -> properties.add("  '" + key + "' = '" + value + "'"));
        out.append(String.join(",\n", properties)).append("\n);\n");
        return out.toString();
    }

    private static String generatedNote() {
        return "-- Generated from View (schema version " + View.SCHEMA_VERSION + ") by AthenaDdl: edit View, then make athena-ddl.\n";
    }

    private static String columns(final View view) {
        final StringBuilder out = new StringBuilder();
        for (final Column column : view.columns()) {
            out.append("  `").append(column.name()).append("` ").append(column.athenaType())
                .append(column.index() + 1 < view.columns().size() ? ",\n" : "\n");
        }
        return out.toString();
    }

    /** Writes every table's DDL into the directory given (infra/athena/tables), replacing the files there. */
    public static void main(final String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: AthenaDdl <directory for the .sql files>");
        }
        final Path directory = Files.createDirectories(Path.of(args[0]));
        try (var old = Files.list(directory)) {
            for (final Path file : old.filter(f -> f.toString().endsWith(".sql")).toList()) {
                Files.delete(file);
            }
        }
        for (final Map.Entry<String, String> file : files().entrySet()) {
            Files.writeString(directory.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        System.out.println("wrote " + files().size() + " tables to " + directory);
    }
}
