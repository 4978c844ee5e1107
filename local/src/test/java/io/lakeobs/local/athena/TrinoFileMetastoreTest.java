package io.lakeobs.local.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metastore files hold the DDL's storage verbatim: Trino's file metastore (476) reads
 * {@code originalStorageFormat} for a SerDe and input format it has no name for, and refuses a
 * file without its own {@code writerVersion}.
 */
class TrinoFileMetastoreTest {
    @TempDir
    Path root;

    @Test
    void aTableIsWrittenAsTrinosFileMetastoreReadsIt() throws Exception {
        final TrinoFileMetastore metastore = new TrinoFileMetastore(root, "476");
        metastore.createSchema("views");
        metastore.register("views", new HiveTableDdl("t", List.of(new HiveTableDdl.Column("a", "map<string,string>")),
            List.of(new HiveTableDdl.Column("dt", "string")), "serde", "input", "output", "s3://b/m/",
            Map.of("projection.enabled", "true")));
        final ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(root.resolve(".views.trinoSchema").toFile()).path("writerVersion").asText()).isEqualTo("476");
        final JsonNode table = json.readTree(root.resolve("views/t/.trinoSchema").toFile());
        assertThat(table.path("writerVersion").asText()).isEqualTo("476");
        assertThat(table.path("tableType").asText()).isEqualTo("EXTERNAL_TABLE");
        assertThat(table.path("dataColumns").get(0).path("type").asText()).isEqualTo("map<string,string>");
        assertThat(table.path("partitionColumns").get(0).path("name").asText()).isEqualTo("dt");
        assertThat(table.path("originalStorageFormat").path("inputFormat").asText()).isEqualTo("input");
        assertThat(table.path("originalStorageFormat").path("serde").asText()).isEqualTo("serde");
        assertThat(table.path("externalLocation").asText()).isEqualTo("s3://b/m/");
        assertThat(table.path("parameters").path("projection.enabled").asText()).isEqualTo("true");
        assertThat(table.path("parameters").path("EXTERNAL").asText()).isEqualTo("TRUE");
    }
}
