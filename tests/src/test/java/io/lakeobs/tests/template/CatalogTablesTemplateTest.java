package io.lakeobs.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeobs.functions.core.catalog.CatalogTables;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.core.config.EnvVars;
import io.lakeobs.functions.views.ViewsConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * The template's tables are exactly the catalog's ({@link CatalogTables}, the one definition the
 * local stack also creates from): names, keys, attribute types, GSIs and projections, billing. The
 * functions find them through LAKEOBS_TABLE_PREFIX, so that prefix must be the tables' own.
 */
class CatalogTablesTemplateTest {

    private static final String PREFIX_VARIABLE = "${ResourcePrefix}-";

    private final Template template = Template.load();

    @Test
    void templateTablesEqualCatalogTables() {
        final Map<String, String> expected = new TreeMap<>();
        for (CreateTableRequest table : CatalogTables.createTableRequests(TableNames.withPrefix(""))) {
            expected.put(table.tableName(), describe(table));
        }
        final Map<String, String> actual = new TreeMap<>();
        template.ofType("AWS::DynamoDB::Table").forEach((id, resource) ->
                actual.put(logicalName(id, Template.properties(resource)), describe(Template.properties(resource))));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void timeToLiveIsWhatTheCatalogDeclares() {
        final String catalogTtl = catalogTtlAttribute();
        template.ofType("AWS::DynamoDB::Table").forEach((id, resource) -> {
            final Object ttl = Template.properties(resource).get("TimeToLiveSpecification");
            if (catalogTtl == null) {
                assertThat(ttl).as(id + ": CatalogTables declares no TTL attribute").isNull();
            } else if (ttl != null) {
                assertThat(Template.map(ttl).get("AttributeName")).as(id + " TTL attribute").isEqualTo(catalogTtl);
            }
        });
    }

    @Test
    void functionsFindTheTablesThroughTheirPrefix() {
        final Map<String, Object> variables = Template.map(Template.map(template.globalFunction().get("Environment")).get("Variables"));
        assertThat(variables.get(EnvVars.TABLE_PREFIX)).isEqualTo(Map.of("Fn::Sub", PREFIX_VARIABLE));
    }

    @Test
    void everyEnvironmentVariableIsOneTheCodeReads() {
        final Set<String> known = new TreeSet<>();
        known.addAll(stringConstants(EnvVars.class));
        known.addAll(stringConstants(ViewsConfig.class));
        known.addAll(stringConstants(io.lakeobs.functions.lifecycle.LifecycleConfig.class));
        known.add("JAVA_TOOL_OPTIONS");
        final List<Map<String, Object>> sections = new ArrayList<>();
        sections.add(template.globalFunction());
        template.ofType("AWS::Serverless::Function").values().forEach(function -> sections.add(Template.properties(function)));
        for (Map<String, Object> section : sections) {
            final Object environment = section.get("Environment");
            if (environment != null) {
                assertThat(Template.map(Template.map(environment).get("Variables")).keySet()).isSubsetOf(known);
            }
        }
    }

    private static String logicalName(final String id, final Map<String, Object> properties) {
        final Object name = properties.get("TableName");
        assertThat(name).as(id + ".TableName").isInstanceOf(Map.class);
        final Object sub = Template.map(name).get("Fn::Sub");
        assertThat(sub).as(id + ".TableName must be !Sub \"" + PREFIX_VARIABLE + "<name>\"").isInstanceOf(String.class);
        assertThat((String) sub).startsWith(PREFIX_VARIABLE);
        return ((String) sub).substring(PREFIX_VARIABLE.length());
    }

    private static String describe(final CreateTableRequest table) {
        final Set<String> attributes = new TreeSet<>();
        for (AttributeDefinition definition : table.attributeDefinitions()) {
            attributes.add(definition.attributeName() + ":" + definition.attributeTypeAsString());
        }
        final Map<String, String> indexes = new TreeMap<>();
        for (GlobalSecondaryIndex index : table.globalSecondaryIndexes()) {
            indexes.put(index.indexName(), keys(index.keySchema()) + " projection " + index.projection().projectionTypeAsString()
                    + " " + new TreeSet<>(index.projection().nonKeyAttributes()));
        }
        return "billing " + table.billingModeAsString() + "; keys " + keys(table.keySchema()) + "; attributes " + attributes
                + "; indexes " + indexes;
    }

    private static String describe(final Map<String, Object> properties) {
        final Set<String> attributes = new TreeSet<>();
        for (Object definition : Template.list(properties.get("AttributeDefinitions"))) {
            final Map<String, Object> attribute = Template.map(definition);
            attributes.add(attribute.get("AttributeName") + ":" + attribute.get("AttributeType"));
        }
        final Map<String, String> indexes = new TreeMap<>();
        for (Object item : Template.list(properties.getOrDefault("GlobalSecondaryIndexes", List.of()))) {
            final Map<String, Object> index = Template.map(item);
            final Map<String, Object> projection = Template.map(index.get("Projection"));
            indexes.put((String) index.get("IndexName"), keys(Template.list(index.get("KeySchema")))
                    + " projection " + projection.get("ProjectionType") + " "
                    + new TreeSet<>(Template.list(projection.getOrDefault("NonKeyAttributes", List.of()))));
        }
        return "billing " + properties.get("BillingMode") + "; keys " + keys(Template.list(properties.get("KeySchema")))
                + "; attributes " + attributes + "; indexes " + indexes;
    }

    private static String keys(final List<?> keySchema) {
        final List<String> keys = new ArrayList<>();
        for (Object element : keySchema) {
            if (element instanceof KeySchemaElement key) {
                keys.add(key.attributeName() + ":" + key.keyTypeAsString());
            } else {
                final Map<String, Object> key = Template.map(element);
                keys.add(key.get("AttributeName") + ":" + key.get("KeyType"));
            }
        }
        return keys.toString();
    }

    /** A TTL attribute constant on CatalogTables (TTL_ATTRIBUTE), if the catalog ever declares one. */
    private static String catalogTtlAttribute() {
        try {
            return (String) CatalogTables.class.getField("TTL_ATTRIBUTE").get(null);
        } catch (NoSuchFieldException e) {
            return null;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> stringConstants(final Class<?> type) {
        final Set<String> values = new TreeSet<>();
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }
}
