package io.lakeobs.uploader;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The recovery command refuses variables it cannot use with the reason, exit 2 and no stack trace. */
class RecoverCommandTest {
    @Test
    void variablesItCannotUseAreAUsageErrorNamingTheVariable() {
        assertThat(run(Map.of())).startsWith("2 recover: ").contains(UploaderEnv.ENDPOINT).doesNotContain("Exception");
        assertThat(run(Map.of(UploaderEnv.ENDPOINT, "ftp://host/"))).startsWith("2 recover: ").contains(UploaderEnv.ENDPOINT);
        // a valid uploader but no spool: nothing crash-safe could have been recorded
        assertThat(run(Map.of(UploaderEnv.ENDPOINT, "http://127.0.0.1:9/", UploaderEnv.API_KEY, "k.s")))
            .startsWith("2 recover: no spool directory").contains(UploaderEnv.SPOOL_DIR).doesNotContain("Exception");
    }

    /** The status, a space, and what the command printed to stderr. */
    private static String run(final Map<String, String> env) {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = RecoverCommand.run(env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return status + " " + err.toString(StandardCharsets.UTF_8);
    }
}
