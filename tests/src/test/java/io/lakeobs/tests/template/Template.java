package io.lakeobs.tests.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** The parsed sam-template.yaml with typed accessors; intrinsic functions in their long JSON form. */
final class Template {

    private static Template loaded;

    final Map<String, Object> root;

    private Template(final Map<String, Object> root) {
        this.root = root;
    }

    static synchronized Template load() {
        if (loaded == null) {
            try {
                loaded = new Template(CfnYaml.load(TemplateFiles.template()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    Map<String, Map<String, Object>> resources() {
        return mapOfMaps(root.get("Resources"));
    }

    Map<String, Map<String, Object>> parameters() {
        return mapOfMaps(root.getOrDefault("Parameters", Map.of()));
    }

    Map<String, Object> conditions() {
        return map(root.getOrDefault("Conditions", Map.of()));
    }

    Map<String, Object> globalFunction() {
        return map(map(root.getOrDefault("Globals", Map.of())).getOrDefault("Function", Map.of()));
    }

    /** Resources of one type, by logical id. */
    Map<String, Map<String, Object>> ofType(final String type) {
        final Map<String, Map<String, Object>> matching = new LinkedHashMap<>();
        resources().forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                matching.put(id, resource);
            }
        });
        return matching;
    }

    static Map<String, Object> properties(final Map<String, Object> resource) {
        return map(resource.getOrDefault("Properties", Map.of()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(final Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError("expected a mapping, got " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(final Object value) {
        if (!(value instanceof List<?>)) {
            throw new AssertionError("expected a list, got " + value);
        }
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> mapOfMaps(final Object value) {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) map(value);
    }

    /** An intrinsic function: a one-entry mapping whose key is Ref, Condition or Fn::*. */
    static boolean isIntrinsic(final Object value) {
        if (value instanceof Map<?, ?> candidate && candidate.size() == 1) {
            final Object key = candidate.keySet().iterator().next();
            return "Ref".equals(key) || "Condition".equals(key) || (key instanceof String name && name.startsWith("Fn::"));
        }
        return false;
    }

    /** Calls {@code visitor} with (function name, argument) for every intrinsic function anywhere under {@code value}. */
    static void visitIntrinsics(final Object value, final BiConsumer<String, Object> visitor) {
        if (value instanceof Map<?, ?> mapping) {
            if (isIntrinsic(mapping)) {
                final Map.Entry<?, ?> entry = mapping.entrySet().iterator().next();
                visitor.accept((String) entry.getKey(), entry.getValue());
            }
            for (Object child : mapping.values()) {
                visitIntrinsics(child, visitor);
            }
        } else if (value instanceof List<?> items) {
            for (Object child : items) {
                visitIntrinsics(child, visitor);
            }
        }
    }

    /** The ${...} variables of an Fn::Sub string (ignoring ${!literal}). */
    static List<String> subVariables(final String text) {
        final List<String> variables = new ArrayList<>();
        int at = 0;
        while ((at = text.indexOf("${", at)) >= 0) {
            final int end = text.indexOf('}', at);
            if (end < 0) {
                throw new AssertionError("unclosed ${ in " + text);
            }
            final String variable = text.substring(at + 2, end);
            if (!variable.startsWith("!")) {
                variables.add(variable.trim());
            }
            at = end + 1;
        }
        return variables;
    }
}
