package io.lakeobs.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeobs.functions.views.GlueTemplate;
import io.lakeobs.functions.views.ViewTable;
import io.lakeobs.functions.views.parquet.Column;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Athena is ready after {@code sam deploy}: the template's Glue tables and named queries are what
 * {@link GlueTemplate} generates from the view definitions (which {@code AthenaDdlTest} holds to the
 * DDL files and to the footers of files the real ETL wrote) and from the Athena queries.
 */
class GlueTemplateTest {
    private final Template template = Template.load();

    @Test
    void theGeneratedPartOfTheTemplateIsWhatGlueTemplateWrites() throws Exception {
        final String text = Files.readString(TemplateFiles.template(), StandardCharsets.UTF_8);
        final int begin = text.indexOf(GlueTemplate.BEGIN);
        final int end = text.indexOf(GlueTemplate.END);
        assertThat(begin).as("the generated part's first line").isNotNegative();
        assertThat(text.substring(begin, end + GlueTemplate.END.length())).as("run make glue-tables")
            .isEqualTo(GlueTemplate.resources(GlueTemplate.queries(TemplateFiles.repositoryRoot().resolve("infra/athena/queries/athena"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyViewTableIsARetainedGlueTableOfTheStacksDatabaseWithTheViewsColumns() {
        final Map<String, Map<String, Object>> tables = template.ofType("AWS::Glue::Table");
        assertThat(tables).hasSameSizeAs(ViewTable.all());
        for (final ViewTable table : ViewTable.all()) {
            final Map<String, Object> resource = tables.get(GlueTemplate.logicalId("Glue", table.name()));
            assertThat(resource).as(table.name()).containsEntry("DeletionPolicy", "Retain");
            final Map<String, Object> p = Template.properties(resource);
            assertThat(p.get("DatabaseName")).isEqualTo(Map.of("Ref", "ViewsDatabase"));
            final Map<String, Object> input = Template.map(p.get("TableInput"));
            assertThat(input.get("Name")).isEqualTo(table.name());
            final List<Object> columns = Template.list(Template.map(input.get("StorageDescriptor")).get("Columns"));
            assertThat(columns).extracting(c -> ((Map<String, Object>) c).get("Name"))
                .containsExactlyElementsOf(table.view().columns().stream().map(Column::name).toList());
            assertThat(columns).extracting(c -> ((Map<String, Object>) c).get("Type"))
                .containsExactlyElementsOf(table.view().columns().stream().map(Column::athenaType).toList());
        }
        assertThat(template.ofType("AWS::Athena::NamedQuery")).isNotEmpty();
        // the database follows the resource prefix, so that two stacks never share it
        final Map<String, Object> database = Template.map(Template.properties(template.ofType("AWS::Glue::Database")
            .get("ViewsDatabase")).get("DatabaseInput"));
        assertThat(String.valueOf(database.get("Name"))).contains("ResourcePrefix");
    }
}
