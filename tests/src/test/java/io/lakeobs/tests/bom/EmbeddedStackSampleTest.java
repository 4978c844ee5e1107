package io.lakeobs.tests.bom;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * io.lakeobs:local as a test dependency of another Maven project, with the documented coordinates
 * alone (docs/embedded-stack.md): samples/embedded-stack, copied under target, is built offline by
 * this build's own Maven and local repository (where the reactor installed lakeobs-bom and local),
 * and its test, the embedded stack with an instrumented process, passes.
 */
class EmbeddedStackSampleTest {
    @Test
    void theSampleProjectBuildsAndPassesWithTheBomAlone() throws Exception {
        final String mavenHome = System.getProperty("lakeobs.maven.home");
        final String repository = System.getProperty("lakeobs.maven.repo");
        assertTrue(mavenHome != null && repository != null, "the tests pom passes lakeobs.maven.home and lakeobs.maven.repo");
        final Path sample = copy(repositoryRoot().resolve("samples/embedded-stack"),
            Path.of("target", "samples", "embedded-stack").toAbsolutePath());
        final Path log = sample.resolve("build.log");
        final Process maven = new ProcessBuilder(Path.of(mavenHome, "bin", "mvn").toString(), "-B", "-ntp", "-o",
            "-Dmaven.repo.local=" + repository, "test")
            .directory(sample.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(maven.waitFor(15, TimeUnit.MINUTES), "the sample's build did not end");
        final String output = Files.readString(log);
        assertEquals(0, maven.exitValue(), output);
        assertTrue(output.contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0"), output);
    }

    private static Path copy(final Path from, final Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (final Path file : files.filter(f -> !f.toString().contains("/target/")).toList()) {
                final Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }

    /** The nearest directory up from the working directory that holds samples/. */
    private static Path repositoryRoot() {
        for (Path directory = Path.of(System.getProperty("user.dir")).toAbsolutePath(); directory != null;
             directory = directory.getParent()) {
            if (Files.isDirectory(directory.resolve("samples/embedded-stack"))) {
                return directory;
            }
        }
        throw new IllegalStateException("no samples/embedded-stack above " + System.getProperty("user.dir"));
    }
}
