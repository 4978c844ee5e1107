package io.lakeobs.functions.core.catalog;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small helpers to build and read DynamoDB attribute values. */
final class Items {
    private Items() {
    }

    static AttributeValue s(final String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue s(final UUID value) {
        return AttributeValue.fromS(value.toString());
    }

    static AttributeValue n(final long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue b(final byte[] value) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(value));
    }

    static AttributeValue bool(final boolean value) {
        return AttributeValue.fromBool(value);
    }

    static AttributeValue stringMap(final Map<String, String> map) {
        final Map<String, AttributeValue> values = new LinkedHashMap<>();
        map.forEach((key, value) -> values.put(key, s(value)));
        return AttributeValue.fromM(values);
    }

    static AttributeValue stringList(final List<String> list) {
        final List<AttributeValue> values = new ArrayList<>(list.size());
        list.forEach(value -> values.add(s(value)));
        return AttributeValue.fromL(values);
    }

    static String text(final Map<String, AttributeValue> item, final String name) {
        final AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static UUID uuid(final Map<String, AttributeValue> item, final String name) {
        final String text = text(item, name);
        return text == null ? null : UUID.fromString(text);
    }

    static long number(final Map<String, AttributeValue> item, final String name) {
        final AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    static boolean flag(final Map<String, AttributeValue> item, final String name) {
        final AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    static byte[] bytes(final Map<String, AttributeValue> item, final String name) {
        final AttributeValue value = item.get(name);
        return value == null || value.b() == null ? null : value.b().asByteArray();
    }

    static Map<String, String> stringMap(final Map<String, AttributeValue> item, final String name) {
        final AttributeValue value = item.get(name);
        final Map<String, String> map = new LinkedHashMap<>();
        if (value != null && value.hasM()) {
            value.m().forEach((key, entry) -> map.put(key, entry.s()));
        }
        return map;
    }

    static List<String> stringList(final Map<String, AttributeValue> item, final String name) {
        final AttributeValue value = item.get(name);
        final List<String> list = new ArrayList<>();
        if (value != null && value.hasL()) {
            value.l().forEach(entry -> list.add(entry.s()));
        }
        return list;
    }
}
