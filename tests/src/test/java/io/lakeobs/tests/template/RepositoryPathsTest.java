package io.lakeobs.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository builds and tests with nothing beside it, as a user's fresh clone has: no build
 * file, script or source refers to a path outside it. A path that climbs with dot-dot segments
 * must stay inside the repository whether it is resolved from its module's directory (where Maven runs tests) or from
 * the repository root (where make and CI run); no file names an absolute path of this machine.
 */
class RepositoryPathsTest {

    /** Dot-dot segments, with what follows them up to a quote, space or markup character. */
    private static final Pattern CLIMB = Pattern.compile("(?:\\.\\./)+[^\\s\"'<>(){},;`]*");
    /** Home and work directories of development machines and CI: never part of a portable path. */
    private static final Pattern MACHINE_PATH = Pattern.compile("(?<![\\w.:/-])/(?:work|root|home|Users)/[\\w.-]+");

    private final Path root = TemplateFiles.repositoryRoot();

    @Test
    void noFileClimbsOutOfTheRepository() {
        final List<String> problems = new ArrayList<>();
        for (Path file : checkedFiles()) {
            final String text = read(file);
            final Matcher climb = CLIMB.matcher(text);
            while (climb.find()) {
                for (Path base : basesOf(file)) {
                    final Path target = base.resolve(climb.group()).normalize();
                    if (!target.startsWith(root)) {
                        problems.add(root.relativize(file) + ":" + line(text, climb.start()) + ": '" + climb.group()
                                + "' from " + (base.equals(root) ? "the repository root" : root.relativize(base))
                                + " leads outside the repository, to " + target);
                    }
                }
            }
        }
        assertThat(problems).as("paths outside the repository").isEmpty();
    }

    @Test
    void noFileNamesAnAbsolutePathOfThisMachine() {
        final List<String> forbidden = new ArrayList<>(List.of(root.toString() + "/"));
        if (root.getParent() != null && root.getParent().getNameCount() >= 2) {
            // the folder the clone sits in, unless a top-level one such as /tmp, which a file may name for its own reasons
            forbidden.add(root.getParent().toString() + "/");
        }
        final List<String> problems = new ArrayList<>();
        for (Path file : checkedFiles()) {
            final String text = read(file);
            final Matcher machine = MACHINE_PATH.matcher(text);
            while (machine.find()) {
                problems.add(root.relativize(file) + ":" + line(text, machine.start()) + ": " + machine.group());
            }
            for (String path : forbidden) {
                final int at = text.indexOf(path);
                if (at >= 0) {
                    problems.add(root.relativize(file) + ":" + line(text, at) + ": " + path);
                }
            }
        }
        assertThat(problems).as("absolute paths of this machine").isEmpty();
    }

    @Test
    void theChecksCatchWhatTheyLookFor() {
        // guards the checks themselves, on the two mistakes they exist for
        final Path module = root.resolve("tests");
        // (the samples are split so that this file does not contain what it looks for)
        final String upToShared = ".." + "/shared/schemas/sam.schema.json";
        assertThat(module.resolve(upToShared).normalize().startsWith(root)).isTrue();
        assertThat(root.resolve(upToShared).normalize().startsWith(root)).isFalse();
        final Matcher climb = CLIMB.matcher("static final String SCHEMA = \"" + upToShared + "\";");
        assertThat(climb.find()).isTrue();
        assertThat(climb.group()).isEqualTo(upToShared);
        assertThat(MACHINE_PATH.matcher("cp /" + "work/shared/x .").find()).isTrue();
        assertThat(MACHINE_PATH.matcher("s3://bucket/root/x and https://host/home/y").find()).isFalse();
        assertThat(checkedFiles()).contains(root.resolve("Makefile"), root.resolve("pom.xml"),
                root.resolve(".ci/run"), root.resolve("tests/src/test/java/io/lakeobs/tests/template/TemplateFiles.java"));
    }

    /** Build files, scripts and every Java source (main and test), outside build output and git's own folder. */
    private List<Path> checkedFiles() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> {
                        final Path relative = root.relativize(file);
                        for (Path part : relative) {
                            final String name = part.toString();
                            if (name.equals("target") || name.equals(".git") || name.equals("node_modules")) {
                                return false;
                            }
                        }
                        final String name = file.getFileName().toString();
                        return name.equals("pom.xml") || name.equals("Makefile") || name.endsWith(".java")
                                || name.endsWith(".sh") || relative.startsWith(".ci");
                    })
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a relative path in this file is resolved: its own directory for a pom, else module and root. */
    private List<Path> basesOf(final Path file) {
        if (file.getFileName().toString().equals("pom.xml")) {
            return List.of(file.getParent());
        }
        Path module = file.getParent();
        while (module != null && module.startsWith(root) && !Files.isRegularFile(module.resolve("pom.xml"))) {
            module = module.getParent();
        }
        return module == null || module.equals(root) || !module.startsWith(root) ? List.of(root) : List.of(module, root);
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int line(final String text, final int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
