package io.lakeobs.tracing;

import io.lakeobs.transit.block.DependencySource;
import io.lakeobs.transit.telemetry.DependencyEncoder;
import io.lakeobs.transit.telemetry.Level;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The process-wide table of dependency objects (call sites, metric and span descriptors, static
 * strings, property sets): encoded once when registered, copied into each block that uses them.
 * Registration is rare (class initialisation) and takes a lock; lookups by id from the collector
 * read a copy-on-grow array without one. Equal registrations return the same id (interning).
 * Global, not per installation, because call sites are {@code static final} and often
 * registered before tracing is installed.
 */
final class Registry implements DependencySource {
    static final Registry INSTANCE = new Registry();

    private final Object lock = new Object();
    private final Map<List<Object>, Object> interned = new HashMap<>();
    private final Map<String, Integer> strings = new ConcurrentHashMap<>();
    private volatile byte[][] encoded = new byte[256][];
    /** Log level code by call-site id (0 for other dependencies), for the collector's summaries. */
    private volatile byte[] levels = new byte[256];
    private int nextId = 1;
    /** Where every registration is also written, for crash recovery; null when recording is not crash-safe. */
    private Journal journal;

    private Registry() {
    }

    LogCallSite logSite(final Level level, final String target, final String template, final String file, final int line) {
        return intern(List.of("log", level, text(target), text(template), text(file), line),
            id -> new LogCallSite(id, level, DependencyEncoder.logCallSite(id, level, line, text(target), text(template), text(file))));
    }

    IntMetric intMetric(final String name, final String unit, final String target) {
        return intern(List.of("int", text(name), text(unit), text(target)),
            id -> new IntMetric(id, DependencyEncoder.metricDescriptor(id, text(name), text(unit), text(target))));
    }

    FloatMetric floatMetric(final String name, final String unit, final String target) {
        return intern(List.of("float", text(name), text(unit), text(target)),
            id -> new FloatMetric(id, DependencyEncoder.metricDescriptor(id, text(name), text(unit), text(target))));
    }

    SpanSite spanSite(final String name, final String target, final String file, final int line) {
        return intern(List.of("span", text(name), text(target), text(file), line),
            id -> new SpanSite(id, text(name), DependencyEncoder.spanDescriptor(id, line, text(name), text(target), text(file))));
    }

    PropertySet properties(final Map<String, String> properties) {
        final SortedMap<String, String> sorted = new TreeMap<>();
        properties.forEach((key, value) -> sorted.put(text(key), text(value)));
        return intern(List.of("props", sorted),
            id -> new PropertySet(id, sorted, DependencyEncoder.propertySet(id, sorted)));
    }

    /** A static string id, e.g. the target of a dynamic log; lock-free once the string is known. */
    int staticString(final String value) {
        final String text = text(value);
        final Integer known = strings.get(text);
        if (known != null) {
            return known;
        }
        final Integer id = intern(List.of("string", text),
            newId -> new StaticString(newId, DependencyEncoder.staticString(newId, text))).id;
        strings.putIfAbsent(text, id);
        return id;
    }

    /** The level of the log call site with that id; 0 when there is none. */
    int level(final int id) {
        final byte[] table = levels;
        return id > 0 && id < table.length ? table[id] : 0;
    }

    @Override
    public int write(final int id, final MutableDirectBuffer buffer, final int index) {
        final byte[][] table = encoded;
        final byte[] bytes = id > 0 && id < table.length ? table[id] : null;
        if (bytes == null) {
            throw new IllegalArgumentException("no dependency with id " + id);
        }
        buffer.putBytes(index, bytes);
        return bytes.length;
    }

    @SuppressWarnings("unchecked")
    private <T extends Registered> T intern(final List<Object> key, final IntFunction<T> create) {
        synchronized (lock) {
            final Object existing = interned.get(key);
            if (existing != null) {
                return (T) existing;
            }
            final int id = nextId++;
            final T value = create.apply(id);
            byte[][] table = encoded;
            if (id >= table.length) {
                table = Arrays.copyOf(table, table.length * 2);
            }
            table[id] = value.encoded();
            byte[] levelTable = levels;
            if (id >= levelTable.length) {
                levelTable = Arrays.copyOf(levelTable, table.length);
            }
            if (value instanceof LogCallSite) {
                levelTable[id] = (byte) ((LogCallSite) value).level().code();
            }
            levels = levelTable;
            encoded = table;
            interned.put(key, value);
            if (journal != null) {
                journal.append(id, value.encoded());
            }
            return value;
        }
    }

    /** Writes every dependency registered so far to {@code to}, then each new one as it is registered. */
    void startJournal(final Journal to) {
        synchronized (lock) {
            final byte[][] table = encoded;
            for (int id = 1; id < nextId; id++) {
                to.append(id, table[id]);
            }
            journal = to;
        }
    }

    void stopJournal(final Journal to) {
        synchronized (lock) {
            if (journal == to) {
                journal = null;
            }
        }
    }

    private static String text(final String value) {
        return value == null ? "" : value;
    }

    /** Receives each registration, under the registry's lock. */
    interface Journal {
        void append(int id, byte[] encoded);
    }

    /** Something with an id and its encoded dependency bytes. */
    interface Registered {
        byte[] encoded();
    }

    private record StaticString(Integer id, byte[] encoded) implements Registered {
    }
}
