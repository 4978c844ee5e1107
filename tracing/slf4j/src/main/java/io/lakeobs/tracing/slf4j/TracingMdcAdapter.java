package io.lakeobs.tracing.slf4j;

import io.lakeobs.tracing.LogProperties;
import org.slf4j.helpers.ThreadLocalMapOfStacks;
import org.slf4j.spi.MDCAdapter;

import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * SLF4J's MDC kept where the logger reads it without copying: each thread's values are a
 * {@link LogProperties}, which a log hands to lakeobs by reference, so a log with an MDC
 * allocates nothing for it. {@code getCopyOfContextMap} and {@code setContextMap} copy, as SLF4J
 * specifies; the per-key stacks are SLF4J's own.
 */
public final class TracingMdcAdapter implements MDCAdapter {
    private static final ThreadLocal<LogProperties> VALUES = ThreadLocal.withInitial(LogProperties::new);
    private final ThreadLocalMapOfStacks stacks = new ThreadLocalMapOfStacks();

    /** This thread's MDC values; the logger reads them, nothing else may keep them. */
    static LogProperties values() {
        return VALUES.get();
    }

    @Override
    public void put(final String key, final String value) {
        if (key == null) {
            throw new IllegalArgumentException("key cannot be null");
        }
        if (value == null) {
            VALUES.get().remove(key);
        } else {
            VALUES.get().put(key, value);
        }
    }

    @Override
    public String get(final String key) {
        return key == null ? null : VALUES.get().get(key);
    }

    @Override
    public void remove(final String key) {
        if (key != null) {
            VALUES.get().remove(key);
        }
    }

    @Override
    public void clear() {
        VALUES.get().clear();
    }

    @Override
    public Map<String, String> getCopyOfContextMap() {
        final LogProperties values = VALUES.get();
        final Map<String, String> copy = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            copy.put(values.key(i), values.value(i));
        }
        return copy;
    }

    @Override
    public void setContextMap(final Map<String, String> contextMap) {
        final LogProperties values = VALUES.get();
        values.clear();
        if (contextMap != null) {
            contextMap.forEach(values::put);
        }
    }

    @Override
    public void pushByKey(final String key, final String value) {
        stacks.pushByKey(key, value);
    }

    @Override
    public String popByKey(final String key) {
        return stacks.popByKey(key);
    }

    @Override
    public Deque<String> getCopyOfDequeByKey(final String key) {
        return stacks.getCopyOfDequeByKey(key);
    }

    @Override
    public void clearDequeByKey(final String key) {
        stacks.clearDequeByKey(key);
    }
}
