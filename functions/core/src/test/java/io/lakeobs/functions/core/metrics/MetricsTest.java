package io.lakeobs.functions.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded metric format as CloudWatch reads it: the directive, dimensions, units and values. */
class MetricsTest {
    private final List<String> lines = new ArrayList<>();
    private final Metrics metrics = new Metrics("prod", "indexer", Clock.fixed(Instant.ofEpochMilli(1_765_000_000_123L),
        ZoneOffset.UTC), lines::add);

    @Test
    @SuppressWarnings("unchecked")
    void everyMetricGoesOutAsOneEmfLineWithItsUnitAndBothDimensions() throws Exception {
        final Map<Metric, Number> values = new EnumMap<>(Metric.class);
        int i = 0;
        for (final Metric metric : Metric.values()) {
            values.put(metric, metric.unit() == Metric.Unit.SECONDS ? 1.5 + i : i);
            i++;
        }
        metrics.emit(values);
        assertThat(lines).hasSize(1);
        final Map<String, Object> line = JSON.std.mapFrom(lines.get(0));
        final Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
        assertThat(aws.get("Timestamp")).isEqualTo(1_765_000_000_123L);
        final Map<String, Object> directive = ((List<Map<String, Object>>) aws.get("CloudWatchMetrics")).get(0);
        assertThat(directive.get("Namespace")).isEqualTo("lakeobs");
        assertThat(directive.get("Dimensions")).isEqualTo(List.of(List.of("Stack", "Function")));
        assertThat(line).containsEntry("Stack", "prod").containsEntry("Function", "indexer");
        final List<Map<String, Object>> defined = (List<Map<String, Object>>) directive.get("Metrics");
        assertThat(defined).hasSize(Metric.values().length);
        for (final Metric metric : Metric.values()) {
            assertThat(defined).contains(Map.of("Name", metric.metricName(), "Unit", metric.unit().text()));
            assertThat(((Number) line.get(metric.metricName())).doubleValue()).isEqualTo(values.get(metric).doubleValue());
        }
    }

    @Test
    void nothingToSayWritesNothingAndANonFiniteValueIsRefusedByName() {
        metrics.emit(Map.of());
        assertThat(lines).isEmpty();
        assertThatThrownBy(() -> metrics.emit(Map.of(Metric.VIEWS_LAG, Double.NaN))).hasMessageContaining("ViewsLag");
        assertThat(lines).isEmpty();
    }

    @Test
    void theStackIsTheTablePrefixWithoutItsDash() throws Exception {
        final List<String> out = new ArrayList<>();
        final java.io.PrintStream previous = System.out;
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Metrics.fromEnv(Map.of("LAKEOBS_TABLE_PREFIX", "team-a-"), "retention").emit(Map.of(Metric.RETENTION_FAILURES, 1));
        } finally {
            System.setOut(previous);
        }
        out.add(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).trim());
        assertThat(JSON.std.mapFrom(out.get(0))).containsEntry("Stack", "team-a").containsEntry("Function", "retention")
            .containsEntry("RetentionFailures", 1);
    }
}
