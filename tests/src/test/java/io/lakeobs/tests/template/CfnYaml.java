package io.lakeobs.tests.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a CloudFormation YAML template into plain maps and lists, turning the short-form
 * intrinsic tags into their long JSON form as CloudFormation does: {@code !Ref X} into
 * {@code {"Ref": "X"}}, {@code !GetAtt A.B} into {@code {"Fn::GetAtt": ["A", "B"]}},
 * {@code !Condition C} into {@code {"Condition": "C"}}, and any other {@code !Name v} into
 * {@code {"Fn::Name": v}} (Sub, Join, If, Equals, Select, Split, FindInMap, ...).
 */
final class CfnYaml {

    private CfnYaml() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(final Path file) throws IOException {
        final LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return (Map<String, Object>) new Yaml(new IntrinsicConstructor(options)).load(reader);
        }
    }

    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor(final LoaderOptions options) {
            super(options);
            // every local tag ("!Ref", "!Sub", ...) is an intrinsic function
            yamlMultiConstructors.put("!", new Intrinsic());
        }

        private final class Intrinsic extends AbstractConstruct {
            @Override
            public Object construct(final Node node) {
                final String name = node.getTag().getValue().substring(1);
                final Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                switch (name) {
                    case "Ref":
                        return Map.of("Ref", value);
                    case "Condition":
                        return Map.of("Condition", value);
                    case "GetAtt":
                        if (value instanceof String dotted) {
                            final int dot = dotted.indexOf('.');
                            if (dot < 0) {
                                throw new IllegalArgumentException("!GetAtt needs Resource.Attribute, got " + dotted);
                            }
                            return Map.of("Fn::GetAtt", List.of(dotted.substring(0, dot), dotted.substring(dot + 1)));
                        }
                        return Map.of("Fn::GetAtt", value);
                    default:
                        return Map.of("Fn::" + name, value);
                }
            }
        }
    }
}
