package io.lakeobs.functions.views;

import io.lakeobs.functions.views.parquet.Column;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Athena DDL of every table, generated from {@link View}, so a table can never declare a
 * column the files do not have. {@code infra/athena/tables/*.sql} are this class's output,
 * committed for operators to run; a test fails when they differ. Regenerate with
 * {@code make athena-ddl}. Global views get a {@code dt}-projected table over the per-day
 * manifests, on-demand views a {@code *_by_instance} table with an injected {@code instance}.
 */
public final class AthenaDdl {
    private AthenaDdl() {
    }

    /** File name (e.g. {@code log_entries_by_instance.sql}) to its text, for every table. */
    public static Map<String, String> files() {
        final Map<String, String> files = new LinkedHashMap<>();
        for (final View view : View.values()) {
            if (view.global()) {
                files.put(view.tableName() + ".sql", global(view));
            }
            if (view.perInstance()) {
                files.put(instanceTable(view) + ".sql", perInstance(view));
            }
        }
        return files;
    }

    /** The table of a view's on-demand instances. */
    public static String instanceTable(final View view) {
        return view.tableName() + "_by_instance";
    }

    static String global(final View view) {
        final String name = view.tableName();
        return "-- Global " + name + ": the files listed by the per-day symlink manifests that the views functions\n"
            + "-- rewrite atomically (see docs/views.md). Replace ${VIEWS_BUCKET} before running.\n"
            + generatedNote()
            + "CREATE EXTERNAL TABLE IF NOT EXISTS " + name + " (\n"
            + columns(view)
            + ")\n"
            + "PARTITIONED BY (`dt` string)\n"
            + storage("s3://${VIEWS_BUCKET}/manifests/" + name + "/global/")
            + "TBLPROPERTIES (\n"
            + "  'projection.enabled' = 'true',\n"
            + "  'projection.dt.type' = 'date',\n"
            + "  'projection.dt.format' = 'yyyy-MM-dd',\n"
            + "  'projection.dt.range' = '2025-01-01,NOW',\n"
            + "  'projection.dt.interval' = '1',\n"
            + "  'projection.dt.interval.unit' = 'DAYS',\n"
            + "  'storage.location.template' = 's3://${VIEWS_BUCKET}/manifests/" + name + "/global/dt=${dt}/'\n"
            + ");\n";
    }

    static String perInstance(final View view) {
        final String name = view.tableName();
        return "-- On-demand " + name + " of one process or stream (instance = its id): the file listed by that\n"
            + "-- instance's symlink manifest. Queries must say WHERE instance = '<id>' (injected projection).\n"
            + generatedNote()
            + "CREATE EXTERNAL TABLE IF NOT EXISTS " + instanceTable(view) + " (\n"
            + columns(view)
            + ")\n"
            + "PARTITIONED BY (`instance` string)\n"
            + storage("s3://${VIEWS_BUCKET}/manifests/" + name + "/")
            + "TBLPROPERTIES (\n"
            + "  'projection.enabled' = 'true',\n"
            + "  'projection.instance.type' = 'injected',\n"
            + "  'storage.location.template' = 's3://${VIEWS_BUCKET}/manifests/" + name + "/instance=${instance}/'\n"
            + ");\n";
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

    private static String storage(final String location) {
        return "ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'\n"
            + "STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat'\n"
            + "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n"
            + "LOCATION '" + location + "'\n";
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
