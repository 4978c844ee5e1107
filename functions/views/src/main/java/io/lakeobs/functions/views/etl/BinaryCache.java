package io.lakeobs.functions.views.etl;

import org.apache.parquet.io.api.Binary;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;

/**
 * Binary values of the strings that repeat (targets, names, units, files): encoded once, then a
 * hash lookup per row. Decoded call sites are the same String instances for a whole block, so
 * their hash codes are computed once per block. Bounded: cleared when it grows past its limit.
 */
final class BinaryCache {
    private static final int LIMIT = 1 << 16;
    private final HashMap<String, Binary> values = new HashMap<>(1024);

    Binary get(final String text) {
        Binary value = values.get(text);
        if (value == null) {
            if (values.size() >= LIMIT) {
                values.clear();
            }
            value = utf8(text);
            values.put(text, value);
        }
        return value;
    }

    /**
     * The text's UTF-8 bytes as an array-backed value. Not {@code Binary.fromString}: that one is
     * backed by a ByteBuffer, whose equals, hashCode and compare (run by parquet-java's dictionary
     * and statistics for every value written) read it byte by byte through the buffer; a profile
     * of the writer put 28 % of its samples there.
     */
    static Binary utf8(final String text) {
        return Binary.fromConstantByteArray(text.getBytes(StandardCharsets.UTF_8));
    }
}
