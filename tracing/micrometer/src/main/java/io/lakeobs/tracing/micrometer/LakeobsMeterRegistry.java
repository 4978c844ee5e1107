package io.lakeobs.tracing.micrometer;

import io.lakeobs.tracing.FloatMetric;
import io.lakeobs.tracing.PropertySet;
import io.lakeobs.tracing.Tracing;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.step.StepMeterRegistry;
import io.micrometer.core.instrument.util.NamedThreadFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * A Micrometer registry whose meters land in the process's lakeobs metrics streams, so
 * libraries instrumented with Micrometer (HTTP servers, pools, the JVM binders) need no second
 * pipeline. Micrometer aggregates per step, as for any push registry; at each step this registry
 * records every meter's measurements as float metric events on its publishing thread: a meter
 * with one measurement under its own name, others as {@code name.statistic} ({@code
 * latency.count}, {@code latency.total}, {@code latency.max}). Tags become the event's
 * property set. Times are in milliseconds. Nothing is recorded while tracing is not installed,
 * like every lakeobs call; NaN values (a gauge whose object was collected) are skipped.
 */
public final class LakeobsMeterRegistry extends StepMeterRegistry {
    /** The target the metrics are declared under. */
    public static final String TARGET = "micrometer";

    /** What each meter records into, declared on its first step. */
    private final ConcurrentMap<Meter.Id, MeterMetrics> byMeter = new ConcurrentHashMap<>();

    /** A registry that is not publishing yet: call {@code start(threadFactory)}, or use {@link #started}. */
    public LakeobsMeterRegistry(final LakeobsRegistryConfig config, final Clock clock) {
        super(config, clock);
        config().onMeterRemoved(meter -> byMeter.remove(meter.getId()));
    }

    /** A registry publishing every step on its own daemon thread, {@code lakeobs-micrometer}. */
    public static LakeobsMeterRegistry started(final LakeobsRegistryConfig config) {
        final LakeobsMeterRegistry registry = new LakeobsMeterRegistry(config, Clock.SYSTEM);
        registry.start(new NamedThreadFactory("lakeobs-micrometer"));
        return registry;
    }

    /**
     * Records the last completed step's values now, on the calling thread, for registries that
     * are not started (tests, benchmarks, a caller with its own schedule). On a started registry
     * it records that step a second time.
     */
    public void publishNow() {
        publish();
    }

    @Override
    protected TimeUnit getBaseTimeUnit() {
        return TimeUnit.MILLISECONDS;
    }

    @Override
    protected void publish() {
        for (final Meter meter : getMeters()) {
            final MeterMetrics recorded = byMeter.computeIfAbsent(meter.getId(), MeterMetrics::new);
            final Iterable<Measurement> measurements = meter.measure();
            final boolean single = isSingle(measurements);
            for (final Measurement measurement : measurements) {
                final double value = measurement.getValue();
                if (!Double.isNaN(value)) {
                    recorded.record(measurement.getStatistic(), single, value);
                }
            }
        }
    }

    private static boolean isSingle(final Iterable<Measurement> measurements) {
        final var iterator = measurements.iterator();
        if (!iterator.hasNext()) {
            return true;
        }
        iterator.next();
        return !iterator.hasNext();
    }

    /** One meter's metric declarations by statistic, and its tags as a property set (null without tags). */
    private static final class MeterMetrics {
        private final Meter.Id id;
        private final PropertySet properties;
        private final FloatMetric[] byStatistic = new FloatMetric[Statistic.values().length];

        MeterMetrics(final Meter.Id id) {
            this.id = id;
            this.properties = id.getTags().isEmpty() ? null : tagsOf(id);
        }

        void record(final Statistic statistic, final boolean single, final double value) {
            FloatMetric metric = byStatistic[statistic.ordinal()];
            if (metric == null) {
                final String name = single ? id.getName() : id.getName() + "." + statistic.getTagValueRepresentation();
                metric = Tracing.floatMetric(name, unit(id, statistic), TARGET);
                byStatistic[statistic.ordinal()] = metric;
            }
            if (properties == null) {
                metric.record(value);
            } else {
                metric.record(value, properties);
            }
        }
    }

    private static String unit(final Meter.Id id, final Statistic statistic) {
        return switch (statistic) {
            case TOTAL_TIME, DURATION -> "ms";
            case MAX -> id.getType() == Meter.Type.TIMER || id.getType() == Meter.Type.LONG_TASK_TIMER ? "ms" : baseUnit(id);
            case COUNT, ACTIVE_TASKS -> "";
            default -> baseUnit(id);
        };
    }

    private static String baseUnit(final Meter.Id id) {
        return id.getBaseUnit() == null ? "" : id.getBaseUnit();
    }

    private static PropertySet tagsOf(final Meter.Id id) {
        final Map<String, String> map = new LinkedHashMap<>();
        for (final Tag tag : id.getTags()) {
            map.put(tag.getKey(), tag.getValue());
        }
        return Tracing.properties(map);
    }
}
