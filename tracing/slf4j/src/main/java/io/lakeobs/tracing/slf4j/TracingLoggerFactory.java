package io.lakeobs.tracing.slf4j;

import io.lakeobs.tracing.BridgeSites;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One {@link TracingLogger} per logger name, kept for the life of the process as SLF4J expects;
 * its loggers share one budget of call sites, since lakeobs' registry never forgets one.
 */
public final class TracingLoggerFactory implements ILoggerFactory {
    /** Call sites (logger, level, pattern) registered before new patterns are formatted instead. */
    public static final int DEFAULT_MAX_SITES = BridgeSites.DEFAULT_MAX_SITES;

    private final ConcurrentMap<String, TracingLogger> loggers = new ConcurrentHashMap<>();
    private final BridgeSites sites;

    TracingLoggerFactory() {
        this(DEFAULT_MAX_SITES);
    }

    TracingLoggerFactory(final int maxSites) {
        this.sites = new BridgeSites(maxSites);
    }

    @Override
    public Logger getLogger(final String name) {
        return loggers.computeIfAbsent(name, newName -> new TracingLogger(newName, sites));
    }

    /** Call sites this factory's loggers have registered. */
    public int registeredSites() {
        return sites.registered();
    }
}
