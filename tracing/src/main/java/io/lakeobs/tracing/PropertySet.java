package io.lakeobs.tracing;

import java.util.Map;
import java.util.SortedMap;

/**
 * An interned set of key/value properties (e.g. a metric's dimensions), registered once and
 * referred to by id, so an event carries 4 bytes instead of its strings. Equal maps give the
 * same set.
 */
public final class PropertySet implements Registry.Registered {
    private final int id;
    private final SortedMap<String, String> properties;
    private final byte[] encoded;

    PropertySet(final int id, final SortedMap<String, String> properties, final byte[] encoded) {
        this.id = id;
        this.properties = properties;
        this.encoded = encoded;
    }

    public int id() {
        return id;
    }

    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableSortedMap(properties);
    }

    @Override
    public byte[] encoded() {
        return encoded;
    }
}
