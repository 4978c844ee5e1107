package io.lakeobs.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.core.metrics.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The alarms of the template against what the functions emit: every alarm on the {@code lakeobs}
 * namespace names a {@link Metric} and the dimensions the functions write, the metrics an operator
 * must hear about are alarmed, every function's errors and throttles are, and all notify the topic.
 */
class AlarmsTemplateTest {
    private final Template template = Template.load();
    private final Map<String, Map<String, Object>> alarms = template.ofType("AWS::CloudWatch::Alarm");

    @Test
    void everyLakeobsAlarmNamesAMetricAndTheDimensionsTheFunctionsWrite() {
        final Set<String> names = new TreeSet<>();
        Arrays.stream(Metric.values()).forEach(metric -> names.add(metric.metricName()));
        final Set<String> functions = Set.of(Metric.INDEXER, Metric.VIEWS, Metric.SAMPLER, Metric.RETENTION);
        final List<String> alarmed = new ArrayList<>();
        alarms.forEach((id, alarm) -> {
            final Map<String, Object> p = Template.properties(alarm);
            assertThat(p.get("AlarmActions")).as(id).isEqualTo(List.of(Map.of("Ref", "AlarmTopic")));
            if (!Metric.NAMESPACE.equals(p.get("Namespace"))) {
                return;
            }
            assertThat(names).as(id + " metric").contains((String) p.get("MetricName"));
            final List<Object> dimensions = Template.list(p.get("Dimensions"));
            assertThat(dimensions).as(id).hasSize(2);
            assertThat(Template.map(dimensions.get(0))).as(id).isEqualTo(Map.of("Name", Metric.STACK, "Value", Map.of("Ref", "ResourcePrefix")));
            assertThat(Template.map(dimensions.get(1)).get("Name")).isEqualTo(Metric.FUNCTION);
            assertThat(functions).as(id + " function").contains((String) Template.map(dimensions.get(1)).get("Value"));
            alarmed.add(p.get("MetricName") + "/" + Template.map(dimensions.get(1)).get("Value"));
        });
        assertThat(alarmed).contains(Metric.BLOCKS_QUARANTINED.metricName() + "/" + Metric.INDEXER,
            Metric.VIEWS_LAG.metricName() + "/" + Metric.VIEWS, Metric.BLOCKS_SKIPPED.metricName() + "/" + Metric.VIEWS,
            Metric.RETENTION_FAILURES.metricName() + "/" + Metric.RETENTION);
        // the functions' Stack dimension is the table prefix without its dash: the template gives "${ResourcePrefix}-"
        assertThat(Template.map(Template.map(template.globalFunction().get("Environment")).get("Variables")))
            .containsEntry("LAKEOBS_TABLE_PREFIX", Map.of("Fn::Sub", "${ResourcePrefix}-"));
        assertThat(TableNames.withPrefix("team-a-").stack()).isEqualTo("team-a");
    }

    @Test
    void aViewsFunctionThatStopsReportingIsLagToo() {
        final Map<String, Object> lag = alarms.values().stream().map(Template::properties)
            .filter(p -> Metric.VIEWS_LAG.metricName().equals(p.get("MetricName"))).findFirst().orElseThrow();
        assertThat(lag).containsEntry("TreatMissingData", "breaching");
    }

    @Test
    void everyFunctionsErrorsAndThrottlesAndTheFailureQueueAreAlarmed() {
        final Set<String> lambda = new TreeSet<>();
        alarms.values().stream().map(Template::properties).filter(p -> "AWS/Lambda".equals(p.get("Namespace")))
            .forEach(p -> lambda.add(p.get("MetricName") + " " + Template.map(Template.list(p.get("Dimensions")).get(0)).get("Value")));
        for (final String function : template.ofType("AWS::Serverless::Function").keySet()) {
            assertThat(lambda).contains("Errors " + Map.of("Ref", function), "Throttles " + Map.of("Ref", function));
        }
        assertThat(alarms.values().stream().map(Template::properties).filter(p -> "AWS/SQS".equals(p.get("Namespace")))
            .map(p -> Template.map(Template.list(p.get("Dimensions")).get(0)).get("Value")))
            .containsExactly(Map.of("Fn::GetAtt", List.of("IndexerFailuresQueue", "QueueName")));
    }
}
