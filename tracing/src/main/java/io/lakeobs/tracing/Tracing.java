package io.lakeobs.tracing;

import io.lakeobs.transit.telemetry.Level;

import java.util.Map;

/**
 * The entry point: declare call sites, metrics, spans and property sets (any code, any time,
 * also before installation), and install tracing (applications only, once, with
 * {@link #builder()}). Until installed, and after shutdown, every recording call is a no-op
 * costing one volatile read; recording never throws, blocks or allocates. A facade: the state
 * lives in {@link Installation} and {@link TracingRuntime}.
 */
public final class Tracing {
    private Tracing() {
    }

    public static TracingBuilder builder() {
        return new TracingBuilder();
    }

    /** Registers (or finds) a log call site; keep it in a {@code static final} field. */
    public static LogCallSite logSite(final Level level, final String target, final String template, final String file,
                                      final int line) {
        return Registry.INSTANCE.logSite(level, target, template, file, line);
    }

    public static IntMetric intMetric(final String name, final String unit) {
        return intMetric(name, unit, "");
    }

    public static IntMetric intMetric(final String name, final String unit, final String target) {
        return Registry.INSTANCE.intMetric(name, unit, target);
    }

    public static FloatMetric floatMetric(final String name, final String unit) {
        return floatMetric(name, unit, "");
    }

    public static FloatMetric floatMetric(final String name, final String unit, final String target) {
        return Registry.INSTANCE.floatMetric(name, unit, target);
    }

    public static SpanSite spanSite(final String name, final String target, final String file, final int line) {
        return Registry.INSTANCE.spanSite(name, target, file, line);
    }

    /** Interns a property set; equal maps give the same set. Not for the hot path: keep the result. */
    public static PropertySet properties(final Map<String, String> properties) {
        return Registry.INSTANCE.properties(properties);
    }

    public static boolean isInstalled() {
        return Installation.runtime != null;
    }

    /** Blocks until everything recorded before the call reached the sink; false if not installed or timed out. */
    public static boolean flush() {
        final TracingRuntime current = Installation.runtime;
        return current != null && current.flush();
    }

    /** Uninstalls and drains; see {@link TracingRuntime#close()}. */
    public static void shutdown() {
        final TracingRuntime current = Installation.runtime;
        if (current != null) {
            current.close();
        }
    }
}
