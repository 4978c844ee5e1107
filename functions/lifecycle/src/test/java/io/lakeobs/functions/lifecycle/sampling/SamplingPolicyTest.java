package io.lakeobs.functions.lifecycle.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeobs.transit.telemetry.Level;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamplingPolicyTest {

    @Test
    void everyRuleKindParses() {
        final SamplingPolicy policy = SamplingPolicy.parse("""
            {"rules": [
              {"name": "errors", "when": {"level_at_least": "error"}, "keep": {"window": {"before": "PT1H", "after": "PT30M"}},
               "materialize": true},
              {"name": "bursts", "when": {"errors_at_least": 10}, "keep": "process"},
              {"name": "checkout", "when": {"exe": "checkout-.*", "properties": {"env": "prod|canary"}}, "keep": "process"},
              {"name": "gpu", "when": {"stream_tags": ["gpu"]}, "keep": "process"},
              {"name": "one-percent", "when": {"sample_rate": 0.01}, "keep": "process"}
            ]}""");
        assertThat(policy.rules()).extracting(SamplingPolicy.Rule::name)
            .containsExactly("errors", "bursts", "checkout", "gpu", "one-percent");
        final SamplingPolicy.Rule errors = policy.rules().get(0);
        assertThat(errors.when().levelAtLeast()).isEqualTo(Level.ERROR.code());
        assertThat(errors.keep().wholeProcess()).isFalse();
        assertThat(errors.keep().before()).isEqualTo(Duration.ofHours(1));
        assertThat(errors.keep().after()).isEqualTo(Duration.ofMinutes(30));
        assertThat(errors.materialize()).isTrue();
        assertThat(policy.rules().get(1).when().errorsAtLeast()).isEqualTo(10);
        assertThat(policy.rules().get(2).when().exe().matcher("checkout-api").matches()).isTrue();
        assertThat(policy.rules().get(2).when().properties().get("env").matcher("canary").matches()).isTrue();
        assertThat(policy.rules().get(3).when().streamTags()).containsExactly("gpu");
        assertThat(policy.rules().get(4).when().sampleRate()).isEqualTo(0.01);
        assertThat(SamplingPolicy.parse(SamplingPolicy.DEFAULT_JSON).rules()).hasSize(1);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "|(document)",
        "not json|(document)",
        "[]|(document)",
        "{}|rules",
        "{\"rules\": []}|rules",
        "{\"rules\": [], \"extra\": 1}|(document).extra",
        "{\"rules\": [{\"when\": {\"sample_rate\": 1}, \"keep\": \"process\"}]}|rules[0].name",
        "{\"rules\": [{\"name\": \"Bad Name\", \"when\": {\"sample_rate\": 1}, \"keep\": \"process\"}]}|rules[0].name",
        "{\"rules\": [{\"name\": \"requested\", \"when\": {\"sample_rate\": 1}, \"keep\": \"process\"}]}|rules[0].name",
        "{\"rules\": [{\"name\": \"a\", \"keep\": \"process\"}]}|rules[0].when",
        "{\"rules\": [{\"name\": \"a\", \"when\": {}, \"keep\": \"process\"}]}|rules[0].when",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"levle\": \"ERROR\"}, \"keep\": \"process\"}]}|rules[0].when.levle",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"level_at_least\": \"ERRROR\"}, \"keep\": \"process\"}]}|rules[0].when.level_at_least",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"errors_at_least\": 0}, \"keep\": \"process\"}]}|rules[0].when.errors_at_least",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"errors_at_least\": 1.5}, \"keep\": \"process\"}]}|rules[0].when.errors_at_least",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"exe\": \"([\"}, \"keep\": \"process\"}]}|rules[0].when.exe",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"properties\": {\"env\": 3}}, \"keep\": \"process\"}]}|rules[0].when.properties.env",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"stream_tags\": [\"\"]}, \"keep\": \"process\"}]}|rules[0].when.stream_tags[0]",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"sample_rate\": 1.5}, \"keep\": \"process\"}]}|rules[0].when.sample_rate",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"sample_rate\": \"all\"}, \"keep\": \"process\"}]}|rules[0].when.sample_rate",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"sample_rate\": 1}}]}|rules[0].keep",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"sample_rate\": 1}, \"keep\": \"everything\"}]}|rules[0].keep",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"exe\": \"x\"}, \"keep\": {\"window\": {\"before\": \"PT1H\", \"after\": \"PT1H\"}}}]}|rules[0].keep",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"errors_at_least\": 1}, \"keep\": {\"window\": {\"before\": \"1h\", \"after\": \"PT1H\"}}}]}|rules[0].keep.window.before",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"errors_at_least\": 1}, \"keep\": {\"window\": {\"before\": \"PT1H\"}}}]}|rules[0].keep.window.after",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"errors_at_least\": 1}, \"keep\": {\"window\": {\"before\": \"PT1H\", \"after\": \"P30D\"}}}]}|rules[0].keep.window.after",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"sample_rate\": 1}, \"keep\": \"process\", \"materialize\": \"yes\"}]}|rules[0].materialize",
        "{\"rules\": [{\"name\": \"a\", \"when\": {\"sample_rate\": 1}, \"keep\": \"process\"}, {\"name\": \"a\", \"when\": {\"sample_rate\": 1}, \"keep\": \"process\"}]}|rules[1].name",
    })
    void aBadDocumentIsRefusedNamingTheField(final String json, final String field) {
        assertThatThrownBy(() -> SamplingPolicy.parse(json))
            .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.field()).isEqualTo(field))
            .hasMessageStartingWith("sampling policy: " + field + ": ");
    }
}
