package io.lakeobs.tracing;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The build's generated overloads: all of them, and generated, not committed. */
class LogCallsTest {
    @Test
    void everyMixUpToFourArgumentsHasItsOverload() {
        final long overloads = Arrays.stream(LogCallSite.class.getMethods())
            .filter(method -> method.getName().equals("log") && method.getParameterCount() >= 1)
            .count();
        assertThat(overloads).isEqualTo(6 + 6 * 6 + 6 * 6 * 6 + 6 * 6 * 6 * 6);
    }

    @Test
    void theOverloadsAreGeneratedByTheBuildNotCommitted() {
        assertThat(Path.of("src/main/java/io/lakeobs/tracing/LogCalls.java")).doesNotExist();
        assertThat(Files.isRegularFile(Path.of("target/generated-sources/log-calls/io/lakeobs/tracing/LogCalls.java"))).isTrue();
    }
}
