package io.lakeobs.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every AWS::Serverless::* resource and the Globals section against the official SAM schema. */
class SamSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode samSchema;
    private static Template template;

    @BeforeAll
    static void load() throws IOException {
        samSchema = JSON.readTree(TemplateFiles.samSchema().toFile());
        template = Template.load();
    }

    @Test
    void templateIsASamTemplate() {
        assertThat(template.root.get("Transform")).isEqualTo("AWS::Serverless-2016-10-31");
        assertThat(template.root.get("AWSTemplateFormatVersion")).isEqualTo("2010-09-09");
    }

    @Test
    void everySamResourceMatchesTheSamSchema() {
        final List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Map<String, Object>> resource : template.resources().entrySet()) {
            final Object type = resource.getValue().get("Type");
            if (!(type instanceof String name) || !name.startsWith("AWS::Serverless::")) {
                continue;
            }
            final String definition = definitionFor(name);
            if (definition == null) {
                problems.add(resource.getKey() + ": the SAM schema has no resource type " + name);
                continue;
            }
            for (ValidationMessage message : validate(definition, resource.getValue())) {
                problems.add(resource.getKey() + " (" + name + "): " + message.getMessage());
            }
            checked++;
        }
        assertThat(problems).as("SAM schema violations").isEmpty();
        assertThat(checked).as("SAM resources checked").isGreaterThanOrEqualTo(4);
    }

    @Test
    void globalsMatchTheSamSchema() {
        final String reference = samSchema.path("properties").path("Globals").path("$ref").asText();
        assertThat(reference).startsWith("#/definitions/");
        final Set<ValidationMessage> messages = validate(reference.substring("#/definitions/".length()),
                template.root.get("Globals"));
        assertThat(messages).as("Globals").isEmpty();
    }

    @Test
    void theSchemaCatchesAMisspelledProperty() {
        // guards the check itself: an unknown property must be reported
        final Map<String, Object> function = Map.of("Type", "AWS::Serverless::Function",
                "Properties", Map.of("Handler", "a.B::handleRequest", "CodeUri", "x.jar", "MemroySize", 512));
        assertThat(validate(definitionFor("AWS::Serverless::Function"), function)).isNotEmpty();
    }

    /** The definition whose Type property is the enum [type]. */
    private static String definitionFor(final String type) {
        final var names = samSchema.path("definitions").fieldNames();
        while (names.hasNext()) {
            final String name = names.next();
            final JsonNode typeEnum = samSchema.path("definitions").path(name).path("properties").path("Type").path("enum");
            if (typeEnum.isArray() && typeEnum.size() == 1 && type.equals(typeEnum.get(0).asText())) {
                return name;
            }
        }
        return null;
    }

    private static Set<ValidationMessage> validate(final String definition, final Object value) {
        final ObjectNode wrapper = JSON.createObjectNode();
        wrapper.put("$schema", "http://json-schema.org/draft-04/schema#");
        wrapper.set("definitions", samSchema.get("definitions"));
        wrapper.put("$ref", "#/definitions/" + definition);
        final JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(wrapper);
        return schema.validate(JSON.valueToTree(value));
    }
}
