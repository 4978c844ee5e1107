package io.lakeobs.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfnYamlTest {

    @TempDir
    Path directory;

    @Test
    void shortFormTagsBecomeLongFormIntrinsics() throws Exception {
        final Path file = directory.resolve("t.yaml");
        Files.writeString(file, String.join("\n",
                "a: !Ref Bucket",
                "b: !GetAtt Group.WorkGroupConfiguration.EngineVersion.EffectiveEngineVersion",
                "c: !Sub \"${Bucket.Arn}/blocks/*\"",
                "d: !Sub [\"${X}-y\", {X: !Ref Name}]",
                "e: !Join [\",\", [!Ref A, b]]",
                "f: !If [Cond, !Ref A, !Ref AWS::NoValue]",
                "g: !Equals [!Ref P, \"true\"]",
                "h: !Condition Cond",
                ""));
        final Map<String, Object> parsed = CfnYaml.load(file);
        assertThat(parsed.get("a")).isEqualTo(Map.of("Ref", "Bucket"));
        assertThat(parsed.get("b")).isEqualTo(Map.of("Fn::GetAtt",
                List.of("Group", "WorkGroupConfiguration.EngineVersion.EffectiveEngineVersion")));
        assertThat(parsed.get("c")).isEqualTo(Map.of("Fn::Sub", "${Bucket.Arn}/blocks/*"));
        assertThat(parsed.get("d")).isEqualTo(Map.of("Fn::Sub", List.of("${X}-y", Map.of("X", Map.of("Ref", "Name")))));
        assertThat(parsed.get("e")).isEqualTo(Map.of("Fn::Join", List.of(",", List.of(Map.of("Ref", "A"), "b"))));
        assertThat(parsed.get("f")).isEqualTo(Map.of("Fn::If", List.of("Cond", Map.of("Ref", "A"), Map.of("Ref", "AWS::NoValue"))));
        assertThat(parsed.get("g")).isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "P"), "true")));
        assertThat(parsed.get("h")).isEqualTo(Map.of("Condition", "Cond"));
        assertThat(Template.subVariables("${A}-${B.Arn}-${!Literal}")).containsExactly("A", "B.Arn");
    }
}
