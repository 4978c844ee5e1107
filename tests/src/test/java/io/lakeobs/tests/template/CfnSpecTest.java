package io.lakeobs.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plain CloudFormation resources against the resource database of {@code @aws-cdk/aws-service-spec}
 * (an extract in src/test/resources/cfn-spec): known types, known and required properties at every
 * nesting level, and every Ref, GetAtt and Sub variable pointing at something that exists.
 */
class CfnSpecTest {

    private static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
    private static JsonNode spec;
    private static Template template;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = CfnSpecTest.class.getResourceAsStream("/cfn-spec/resource-types.json")) {
            spec = new ObjectMapper().readTree(in).get("resourceTypes");
        }
        template = Template.load();
    }

    @Test
    void plainResourcesUseKnownTypesAndProperties() {
        final List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Map<String, Object>> resource : template.resources().entrySet()) {
            final String type = (String) resource.getValue().get("Type");
            if (type.startsWith("AWS::Serverless::")) {
                continue;
            }
            checked++;
            problems.addAll(check(type, resource.getKey(), resource.getValue()));
        }
        assertThat(problems).as("CloudFormation spec violations").isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    @Test
    void theCheckCatchesUnknownAndMissingProperties() {
        final Map<String, Object> misspelled = Map.of("Type", "AWS::DynamoDB::Table", "Properties", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "a", "KeyTyp", "HASH")), "BillingMode", "PAY_PER_REQUEST"));
        assertThat(check("AWS::DynamoDB::Table", "Misspelled", misspelled))
                .anySatisfy(problem -> assertThat(problem).contains("KeyTyp"))
                .anySatisfy(problem -> assertThat(problem).contains("KeyType").contains("required"));
        assertThat(check("AWS::S3::Bukket", "Typo", Map.of("Type", "AWS::S3::Bukket"))).isNotEmpty();
    }

    @Test
    void everyReferenceResolves() {
        final Set<String> resources = template.resources().keySet();
        final Set<String> referable = new HashSet<>(resources);
        referable.addAll(template.parameters().keySet());
        referable.addAll(PSEUDO_PARAMETERS);
        referable.addAll(samGeneratedReferences());
        final List<String> problems = new ArrayList<>();
        Template.visitIntrinsics(template.root, (function, argument) -> {
            switch (function) {
                case "Ref" -> {
                    if (!referable.contains((String) argument)) {
                        problems.add("!Ref " + argument + " names nothing");
                    }
                }
                case "Fn::GetAtt" -> {
                    final List<Object> parts = Template.list(argument);
                    problems.addAll(checkAttribute((String) parts.get(0), (String) parts.get(1)));
                }
                case "Fn::Sub" -> {
                    final String text = argument instanceof String plain ? plain : (String) Template.list(argument).get(0);
                    for (String variable : Template.subVariables(text)) {
                        final int dot = variable.indexOf('.');
                        if (dot > 0 && !variable.startsWith("AWS::")) {
                            problems.addAll(checkAttribute(variable.substring(0, dot), variable.substring(dot + 1)));
                        } else if (!referable.contains(variable)) {
                            problems.add("${" + variable + "} in " + text + " names nothing");
                        }
                    }
                }
                case "Condition" -> {
                    if (!template.conditions().containsKey((String) argument)) {
                        problems.add("condition " + argument + " is not defined");
                    }
                }
                default -> {
                }
            }
        });
        for (Map<String, Object> resource : template.resources().values()) {
            final Object condition = resource.get("Condition");
            if (condition != null && !template.conditions().containsKey((String) condition)) {
                problems.add("condition " + condition + " is not defined");
            }
        }
        assertThat(problems).isEmpty();
    }

    /** What SAM adds that the template may reference: function URLs, aliases and versions. */
    private static Set<String> samGeneratedReferences() {
        final Set<String> generated = new HashSet<>();
        template.ofType("AWS::Serverless::Function").forEach((id, function) -> {
            final Map<String, Object> properties = Template.properties(function);
            if (properties.containsKey("FunctionUrlConfig")) {
                generated.add(id + "Url");
            }
            if (properties.containsKey("AutoPublishAlias")) {
                generated.add(id + ".Alias");
                generated.add(id + ".Version");
            }
            generated.add(id + "Role");
        });
        return generated;
    }

    private static List<String> checkAttribute(final String resourceId, final String attribute) {
        final Map<String, Object> resource = template.resources().get(resourceId);
        final String type;
        if (resource != null) {
            type = (String) resource.get("Type");
        } else if (samGeneratedReferences().contains(resourceId) && resourceId.endsWith("Url")) {
            type = "AWS::Lambda::Url";
        } else {
            return List.of("GetAtt " + resourceId + "." + attribute + ": no such resource");
        }
        if (type.equals("AWS::Serverless::Function")) {
            return attribute.equals("Arn") ? List.of() : List.of("GetAtt " + resourceId + "." + attribute + ": functions expose Arn");
        }
        final JsonNode attributes = spec.path(type).path("attributes");
        for (JsonNode known : attributes) {
            if (known.asText().equals(attribute)) {
                return List.of();
            }
        }
        return List.of("GetAtt " + resourceId + "." + attribute + ": " + type + " has attributes " + attributes);
    }

    private static List<String> check(final String type, final String id, final Map<String, Object> resource) {
        final JsonNode entry = spec.get(type);
        if (entry == null) {
            return List.of(id + ": unknown resource type " + type + " (or missing from the cfn-spec extract)");
        }
        final List<String> problems = new ArrayList<>();
        checkStruct(entry, entry.get("properties"), Template.properties(resource), id + "." + "Properties", problems);
        return problems;
    }

    private static void checkStruct(final JsonNode entry, final JsonNode properties, final Map<String, Object> value,
                                    final String path, final List<String> problems) {
        value.forEach((name, child) -> {
            final JsonNode property = properties.get(name);
            if (property == null) {
                problems.add(path + "." + name + ": unknown property; known: " + fieldNames(properties));
            } else {
                checkValue(entry, property.get("type").asText(), child, path + "." + name, problems);
            }
        });
        properties.fields().forEachRemaining(property -> {
            if (property.getValue().path("required").asBoolean(false) && !value.containsKey(property.getKey())) {
                problems.add(path + ": required property " + property.getKey() + " is missing");
            }
        });
    }

    private static void checkValue(final JsonNode entry, final String type, final Object value, final String path,
                                   final List<String> problems) {
        if (Template.isIntrinsic(value)) {
            return;
        }
        if (type.contains(" | ")) {
            // a structured alternative of the value's shape wins over a free-form "json" one
            for (String alternative : type.split(" \\| ")) {
                if (shapeMatches(entry, alternative, value)) {
                    checkValue(entry, alternative, value, path, problems);
                    return;
                }
            }
            if (!List.of(type.split(" \\| ")).contains("json")) {
                problems.add(path + ": matches none of " + type);
            }
            return;
        }
        if (type.startsWith("array<")) {
            if (!(value instanceof List<?> items)) {
                problems.add(path + ": expected a list (" + type + ")");
                return;
            }
            final String element = type.substring("array<".length(), type.length() - 1);
            for (int i = 0; i < items.size(); i++) {
                checkValue(entry, element, items.get(i), path + "[" + i + "]", problems);
            }
            return;
        }
        final JsonNode struct = entry.path("types").get(type);
        if (struct != null) {
            if (value instanceof Map<?, ?>) {
                checkStruct(entry, struct, Template.map(value), path, problems);
            } else {
                problems.add(path + ": expected a " + type + " mapping");
            }
            return;
        }
        switch (type) {
            case "string" -> {
                if (value instanceof Map<?, ?> || value instanceof List<?>) {
                    problems.add(path + ": expected a string");
                }
            }
            case "number", "integer" -> {
                if (!(value instanceof Number) && !(value instanceof String text && text.matches("-?\\d+(\\.\\d+)?"))) {
                    problems.add(path + ": expected a number");
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean) && !"true".equals(value) && !"false".equals(value)) {
                    problems.add(path + ": expected a boolean");
                }
            }
            default -> {
                // json, tag, map<...>, date-time: free-form enough not to check further
            }
        }
    }

    private static boolean shapeMatches(final JsonNode entry, final String type, final Object value) {
        if (type.startsWith("array<")) {
            return value instanceof List<?>;
        }
        if (entry.path("types").has(type)) {
            return value instanceof Map<?, ?>;
        }
        return switch (type) {
            case "string" -> value instanceof String;
            case "number", "integer" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            default -> false;
        };
    }

    private static List<String> fieldNames(final JsonNode node) {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
