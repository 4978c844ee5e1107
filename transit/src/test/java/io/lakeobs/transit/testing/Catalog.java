package io.lakeobs.transit.testing;

import io.lakeobs.transit.block.DependencySource;
import io.lakeobs.transit.layout.Utf8;
import io.lakeobs.transit.telemetry.DependencyEncoder;
import io.lakeobs.transit.telemetry.Level;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The dependencies a test stream registers (call sites, descriptors, static strings, property
 * sets), as the tracing side would: encoded once, copied into each block that uses them. Also
 * renders what a reader must show for each of them.
 */
public final class Catalog implements DependencySource {
    public record CallSite(int id, Level level, int line, String target, String template, String file) {
    }

    public record Metric(int id, String name, String unit, String target) {
    }

    public record Span(int id, int line, String name, String target, String file) {
    }

    private final Int2ObjectHashMap<byte[]> encoded = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<Object> entries = new Int2ObjectHashMap<>();
    private final List<CallSite> callSites = new ArrayList<>();
    private final List<Metric> metrics = new ArrayList<>();
    private final List<Span> spans = new ArrayList<>();
    private final List<Integer> strings = new ArrayList<>();
    private final List<Integer> propertySets = new ArrayList<>();
    private int nextId = 1;

    public CallSite callSite(final Level level, final int line, final String target, final String template, final String file) {
        final CallSite site = new CallSite(nextId++, level, line, target, template, file);
        put(site.id(), site, DependencyEncoder.logCallSite(site.id(), level, line, target, template, file));
        callSites.add(site);
        return site;
    }

    public Metric metric(final String name, final String unit, final String target) {
        final Metric metric = new Metric(nextId++, name, unit, target);
        put(metric.id(), metric, DependencyEncoder.metricDescriptor(metric.id(), name, unit, target));
        metrics.add(metric);
        return metric;
    }

    public Span span(final int line, final String name, final String target, final String file) {
        final Span span = new Span(nextId++, line, name, target, file);
        put(span.id(), span, DependencyEncoder.spanDescriptor(span.id(), line, name, target, file));
        spans.add(span);
        return span;
    }

    public int staticString(final String value) {
        final int id = nextId++;
        put(id, value, DependencyEncoder.staticString(id, value));
        strings.add(id);
        return id;
    }

    public int propertySet(final SortedMap<String, String> properties) {
        final int id = nextId++;
        put(id, properties, DependencyEncoder.propertySet(id, properties));
        propertySets.add(id);
        return id;
    }

    private void put(final int id, final Object entry, final byte[] bytes) {
        entries.put(id, entry);
        encoded.put(id, bytes);
    }

    @Override
    public int write(final int id, final MutableDirectBuffer buffer, final int index) {
        final byte[] bytes = encoded.get(id);
        if (bytes == null) {
            throw new IllegalArgumentException("no dependency " + id);
        }
        buffer.putBytes(index, bytes);
        return bytes.length;
    }

    public CallSite callSiteById(final int id) {
        return (CallSite) entries.get(id);
    }

    public Metric metricById(final int id) {
        return (Metric) entries.get(id);
    }

    public Span spanById(final int id) {
        return (Span) entries.get(id);
    }

    public String stringById(final int id) {
        return (String) entries.get(id);
    }

    /** The property set as a reader shows it: keys and values normalized, in written order. */
    @SuppressWarnings("unchecked")
    public Map<String, String> propertiesById(final int id) {
        final Map<String, String> normalized = new LinkedHashMap<>();
        ((Map<String, String>) entries.get(id)).forEach((key, value) -> normalized.put(Utf8.normalize(key), Utf8.normalize(value)));
        return normalized;
    }

    public List<CallSite> callSites() {
        return callSites;
    }

    public List<Metric> metrics() {
        return metrics;
    }

    public List<Span> spans() {
        return spans;
    }

    public List<Integer> strings() {
        return strings;
    }

    public List<Integer> propertySets() {
        return propertySets;
    }
}
