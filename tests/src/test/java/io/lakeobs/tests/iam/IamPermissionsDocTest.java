package io.lakeobs.tests.iam;

import io.lakeobs.local.iam.AwsCall;
import io.lakeobs.tests.template.TemplateGrants;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * infra/iam/README.md's permission tables are generated from the template's grants and the
 * recorded-calls test's exceptions: this fails when they drift. {@code make iam-permissions}
 * (this test with -Diam.write=true) writes them.
 */
class IamPermissionsDocTest {
    @Test
    void theReadmeStatesTheTemplatesGrants() throws Exception {
        final Path readme = TemplateGrants.repositoryRoot().resolve("infra/iam/README.md");
        final String page = Files.readString(readme, StandardCharsets.UTF_8);
        final String expected = IamPermissionsDoc.replaceIn(page,
            IamPermissionsDoc.render(TemplateGrants.all(), RecordedCallsIamTest.NOT_REACHED_HERE));
        if (Boolean.getBoolean("iam.write")) {
            Files.writeString(readme, expected, StandardCharsets.UTF_8);
            return;
        }
        assertThat(page).as("infra/iam/README.md is stale: run make iam-permissions").isEqualTo(expected);
    }

    @Test
    void rendersOneTablePerPrincipalAndNumbersTheUnreachedGrants() {
        final AwsCall put = new AwsCall("F", "s3:PutObject", "raw/blocks/*");
        final AwsCall get = new AwsCall("F", "dynamodb:GetItem", "table/blocks");
        final String doc = IamPermissionsDoc.render(new TreeSet<>(java.util.List.of(put, get)), Map.of(get, "a race"));
        assertThat(doc).contains("### F\n").contains("| s3:PutObject | `raw/blocks/*` |")
            .contains("| dynamodb:GetItem | `table/blocks` (1) |").contains("1. a race");
        assertThat(IamPermissionsDoc.replaceIn("x\n" + doc + "\ny", "NEW")).isEqualTo("x\nNEW\ny");
        assertThatThrownBy(() -> IamPermissionsDoc.replaceIn(IamPermissionsDoc.BEGIN, "NEW")).hasMessageContaining("end marker");
    }
}
