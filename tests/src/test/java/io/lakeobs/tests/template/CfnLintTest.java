package io.lakeobs.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The whole template, SAM transform included, through the real linter AWS publishes (the Python
 * {@code cfn-lint}, which knows current runtimes and resource specs). No error is allowed; a
 * warning is allowed only if it is listed in {@link #REVIEWED_WARNINGS} with the reason. Where
 * {@code cfn-lint} is not installed the test is skipped with one line saying so.
 */
class CfnLintTest {

    /** Warning rule ids accepted after review, with the reason (none today: every warning was fixed). */
    static final Map<String, String> REVIEWED_WARNINGS = Map.of();

    /** Exit status bits of cfn-lint: 2 errors, 4 warnings, 8 informational; 1 is a crash. */
    private static final int ERRORS = 2;

    @Test
    void theTemplateHasNoErrorsAndNoUnreviewedWarnings() throws Exception {
        final String linter = onPath("cfn-lint");
        if (linter == null) {
            System.err.println("cfn-lint not found on PATH: the template lint is skipped (SAM schema and spec checks still run)");
            Assumptions.abort("cfn-lint not found on PATH");
        }
        final Process process = new ProcessBuilder(linter, "--format", "parseable", TemplateFiles.TEMPLATE)
                .directory(TemplateFiles.repositoryRoot().toFile()).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
        final int status = process.exitValue();
        assertThat(status & 1).as("cfn-lint crashed:\n" + output).isZero();
        assertThat(status & ERRORS).as("cfn-lint errors:\n" + output).isZero();
        final List<String> unreviewed = new ArrayList<>();
        for (String line : output.split("\n")) {
            // parseable: file:line:column:endLine:endColumn:rule:message
            final String[] fields = line.split(":", 7);
            if (fields.length == 7 && fields[5].startsWith("W") && !REVIEWED_WARNINGS.containsKey(fields[5])) {
                unreviewed.add(line);
            }
        }
        assertThat(unreviewed).as("cfn-lint warnings not reviewed in CfnLintTest.REVIEWED_WARNINGS").isEmpty();
    }

    private static String onPath(final String command) throws IOException {
        final String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String directory : path.split(java.io.File.pathSeparator)) {
            final Path candidate = Path.of(directory, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
