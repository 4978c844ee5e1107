package io.lakeobs.tracing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class LogCallsTest {
    @Test
    void theCommittedOverloadsAreWhatTheGeneratorWrites() throws IOException {
        final String committed = Files.readString(Path.of("src/main/java/io/lakeobs/tracing/LogCalls.java"), StandardCharsets.UTF_8);
        assertThat(committed).isEqualTo(LogCallsGenerator.source());
    }

    @Test
    void everyMixUpToFourArgumentsHasItsOverload() {
        final long overloads = Arrays.stream(LogCallSite.class.getMethods())
            .filter(method -> method.getName().equals("log") && method.getParameterCount() >= 1)
            .count();
        assertThat(overloads).isEqualTo(6 + 6 * 6 + 6 * 6 * 6 + 6 * 6 * 6 * 6);
    }
}
