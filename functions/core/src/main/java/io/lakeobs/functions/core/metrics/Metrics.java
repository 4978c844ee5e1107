package io.lakeobs.functions.core.metrics;

import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.core.config.EnvVars;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Metrics as CloudWatch embedded metric format lines: one JSON object per line in the function's
 * own log, which CloudWatch Logs turns into metrics. No client, no extra IAM, no request on the
 * hot path; a run's counts go out as one line at its end.
 */
public final class Metrics {
    private final String stack;
    private final String function;
    private final Clock clock;
    private final Consumer<String> log;

    public Metrics(final String stack, final String function, final Clock clock, final Consumer<String> log) {
        this.stack = stack;
        this.function = function;
        this.clock = clock;
        this.log = log;
    }

    /** For a Lambda function: the stack is the table prefix without its trailing dash; lines go to stdout. */
    public static Metrics fromEnv(final Map<String, String> env, final String function) {
        return new Metrics(TableNames.withPrefix(env.getOrDefault(EnvVars.TABLE_PREFIX, "lakeobs-")).stack(), function,
            Clock.systemUTC(), System.out::println);
    }

    /** A metrics sink that writes nothing (tests and tools that do not watch). */
    public static Metrics none() {
        return new Metrics("none", "none", Clock.systemUTC(), line -> { });
    }

    /** Emits one line with every value given, by stack and function. */
    public void emit(final Map<Metric, ? extends Number> values) {
        if (!values.isEmpty()) {
            log.accept(line(stack, List.of(Metric.FUNCTION, function), clock.millis(), new EnumMap<>(values), Map.of()));
        }
    }

    /**
     * Emits one line with the values by stack and another dimension (for example the API key whose
     * block was parked), with {@code properties} beside them: a log line a person reads and a metric at once.
     */
    public void emit(final Map<Metric, ? extends Number> values, final String dimension, final String value,
                     final Map<String, String> properties) {
        log.accept(line(stack, List.of(dimension, value), clock.millis(), new EnumMap<>(values), properties));
    }

    /**
     * The EMF line: the {@code _aws} directive naming the metrics and the one dimension set
     * (stack and {@code dimension}'s name), then the dimension values, properties and values as members.
     */
    static String line(final String stack, final List<String> dimension, final long timestampMillis,
                       final Map<Metric, ? extends Number> values, final Map<String, String> properties) {
        final List<Map<String, String>> definitions = new ArrayList<>();
        final Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", Map.of("Timestamp", timestampMillis, "CloudWatchMetrics", List.of(Map.of(
            "Namespace", Metric.NAMESPACE, "Dimensions", List.of(List.of(Metric.STACK, dimension.get(0))),
            "Metrics", definitions))));
        line.put(Metric.STACK, stack);
        line.put(dimension.get(0), dimension.get(1));
        line.putAll(properties);
        for (final Map.Entry<Metric, ? extends Number> entry : values.entrySet()) {
            final Metric metric = entry.getKey();
            if (!Double.isFinite(entry.getValue().doubleValue())) {
                throw new IllegalArgumentException(metric.metricName() + " must be finite, was " + entry.getValue());
            }
            definitions.add(Map.of("Name", metric.metricName(), "Unit", metric.unit().text()));
            line.put(metric.metricName(), entry.getValue());
        }
        try {
            return JSON.std.asString(line);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
