package io.lakeobs.local.athena;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers tables in Trino's file metastore (a directory of JSON files the Hive connector reads
 * with {@code hive.metastore=file}), as Glue holds them for Athena: the DDL's SerDe and symlink
 * input format verbatim (Trino's own {@code CREATE TABLE} cannot name an input format), its
 * columns, location and table properties, partition projection included.
 */
public final class TrinoFileMetastore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String OWNER = "lakeobs";

    private final Path root;
    private final String writerVersion;

    /** {@code writerVersion}: the server's version; its file metastore reads no file of another. */
    public TrinoFileMetastore(final Path root, final String writerVersion) {
        this.root = root;
        this.writerVersion = writerVersion;
    }

    public void createSchema(final String schema) throws IOException {
        Files.createDirectories(root.resolve(schema));
        final Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("writerVersion", writerVersion);
        metadata.put("ownerName", OWNER);
        metadata.put("ownerType", "USER");
        metadata.put("parameters", Map.of());
        JSON.writeValue(root.resolve("." + schema + ".trinoSchema").toFile(), metadata);
    }

    public void register(final String schema, final HiveTableDdl table) throws IOException {
        final Path directory = Files.createDirectories(root.resolve(schema).resolve(table.name()));
        final Map<String, String> parameters = new LinkedHashMap<>(table.properties());
        parameters.put("EXTERNAL", "TRUE");
        final Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("writerVersion", writerVersion);
        metadata.put("owner", OWNER);
        metadata.put("tableType", "EXTERNAL_TABLE");
        metadata.put("dataColumns", columns(table.columns()));
        metadata.put("partitionColumns", columns(table.partitionColumns()));
        metadata.put("parameters", parameters);
        metadata.put("originalStorageFormat", Map.of("serde", table.serde(), "inputFormat", table.inputFormat(),
            "outputFormat", table.outputFormat()));
        metadata.put("serdeParameters", Map.of());
        metadata.put("externalLocation", table.location());
        metadata.put("columnStatistics", Map.of());
        JSON.writeValue(directory.resolve(".trinoSchema").toFile(), metadata);
    }

    private static List<Map<String, Object>> columns(final List<HiveTableDdl.Column> columns) {
        return columns.stream().map(c -> Map.<String, Object>of("name", c.name(), "type", c.type(), "properties", Map.of()))
            .toList();
    }
}
