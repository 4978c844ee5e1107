package io.lakeobs.tracing;

import io.lakeobs.transit.telemetry.Level;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The call sites a logging bridge (the SLF4J provider, the Logback and Log4j2 appenders) makes
 * from what it is handed at run time, so that a bridged log is stored like a declared one: its
 * arguments raw, its template once per block. One site per (logger, level, template), interned
 * on first use and found again by two hash lookups on strings the backend already holds, so a
 * steady-state log allocates nothing for it.
 *
 * <p>lakeobs' registry never forgets a site, and templates built at run time ({@code "user " + id})
 * would grow it forever: the bridge's sites share a budget, past which new templates get no site.
 * Nor do templates with a backslash, SLF4J's and Log4j2's escape, which the views' renderer does
 * not read. For those the bridge formats the message as its backend would and records it through
 * the logger's {@link Target#formatted formatted} site, whose template is "{}".
 */
public final class BridgeSites {
    /** Call sites (logger, level, template) registered before new templates are formatted instead. */
    public static final int DEFAULT_MAX_SITES = 10_000;

    private final ConcurrentMap<String, Target> targets = new ConcurrentHashMap<>();
    private final AtomicInteger registered = new AtomicInteger();
    private final int maxSites;

    public BridgeSites(final int maxSites) {
        if (maxSites < 0) {
            throw new IllegalArgumentException("maxSites < 0: " + maxSites);
        }
        this.maxSites = maxSites;
    }

    /** The sites of that logger; a bridge whose loggers are objects keeps it in them. */
    public Target target(final String loggerName) {
        final String name = loggerName == null ? "" : loggerName;
        final Target known = targets.get(name);
        return known != null ? known : targets.computeIfAbsent(name, Target::new);
    }

    /** Call sites registered through these so far, the formatted ones excluded. */
    public int registered() {
        return registered.get();
    }

    /** One logger's sites: by level, then by template. */
    public final class Target {
        private final String name;
        @SuppressWarnings({"unchecked", "rawtypes"})
        private final ConcurrentMap<String, LogCallSite>[] byLevel = new ConcurrentMap[Level.values().length];
        private final LogCallSite[] formatted = new LogCallSite[Level.values().length];

        private Target(final String name) {
            this.name = name;
            for (int i = 0; i < byLevel.length; i++) {
                byLevel[i] = new ConcurrentHashMap<>();
            }
        }

        /**
         * The site of that template at that level, or null when the bridge must format the message
         * and record it through {@link #formatted} instead (no template, a backslash, or the budget spent).
         */
        public LogCallSite site(final Level level, final String template) {
            if (template == null || template.indexOf('\\') >= 0) {
                return null;
            }
            final ConcurrentMap<String, LogCallSite> byTemplate = byLevel[level.ordinal()];
            final LogCallSite site = byTemplate.get(template);
            if (site != null || registered.get() >= maxSites) {
                return site;
            }
            return byTemplate.computeIfAbsent(template, newTemplate -> {
                registered.incrementAndGet();
                return Tracing.logSite(level, name, newTemplate, "", 0);
            });
        }

        /** The site "{}" of that level, for a message the bridge formatted itself; made on first use. */
        public LogCallSite formatted(final Level level) {
            final LogCallSite site = formatted[level.ordinal()];
            return site != null ? site : (formatted[level.ordinal()] = Tracing.logSite(level, name, "{}", "", 0));
        }
    }
}
