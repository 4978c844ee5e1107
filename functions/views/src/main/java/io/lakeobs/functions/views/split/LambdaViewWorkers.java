package io.lakeobs.functions.views.split;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parts derived by the worker function on AWS: one synchronous Invoke per part (the coordinator
 * waits for its parts, so it can publish them together). A function error (the worker threw, or
 * timed out) is an exception here, which {@link PartRunner} retries.
 */
public final class LambdaViewWorkers implements ViewWorkers {
    private final LambdaClient lambda;
    private final String functionName;

    public LambdaViewWorkers(final LambdaClient lambda, final String functionName) {
        this.lambda = lambda;
        this.functionName = functionName;
    }

    @Override
    public PartResult run(final PartRequest request) {
        final InvokeResponse response = lambda.invoke(b -> b.functionName(functionName)
            .invocationType(InvocationType.REQUEST_RESPONSE).payload(SdkBytes.fromUtf8String(json(request.toMap()))));
        final String body = response.payload() == null ? "" : response.payload().asUtf8String();
        if (response.functionError() != null) {
            throw new IllegalStateException("worker " + functionName + " failed part " + request.part() + ": "
                + response.functionError() + " " + body);
        }
        return PartResult.fromMap(parse(body));
    }

    /** A JSON object as the Lambda runtime maps it: maps, lists, strings, longs, booleans. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(final String json) {
        if (!(value(JsonNode.parser().parse(json)) instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected a JSON object, got: " + json);
        }
        return (Map<String, Object>) map;
    }

    /** JSON of maps, lists, strings, numbers and booleans (what a part request holds). */
    public static String json(final Object value) {
        final StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(final StringBuilder out, final Object value) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (final Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                write(out, e.getKey().toString());
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            out.append('"');
            for (final char c : value.toString().toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        }
    }

    private static Object value(final JsonNode node) {
        if (node.isObject()) {
            final Map<String, Object> map = new LinkedHashMap<>();
            node.asObject().forEach((k, v) -> map.put(k, value(v)));
            return map;
        }
        if (node.isArray()) {
            final List<Object> list = new ArrayList<>();
            node.asArray().forEach(v -> list.add(value(v)));
            return list;
        }
        if (node.isNumber()) {
            return Long.parseLong(node.asNumber());
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.isNull() ? null : node.asString();
    }
}
