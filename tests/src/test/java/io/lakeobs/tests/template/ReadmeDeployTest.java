package io.lakeobs.tests.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's deploy section cannot be run here (no AWS), so what it names is held to what
 * exists: every make target, class, jar, template parameter and stack output it mentions, the
 * command it shows is the one {@code make deploy} runs, and every template parameter has an answer
 * in its table of guided questions.
 */
class ReadmeDeployTest {

    private static final Pattern MAKE_TARGET = Pattern.compile("make ([a-z][a-z-]*)");
    private static final Pattern CLASS = Pattern.compile("io\\.lakeobs(?:\\.[a-z]+)+\\.[A-Z]\\w+");
    private static final Pattern JAR = Pattern.compile("functions/[a-z-]+/target/[\\w.-]+-lambda\\.jar");
    private static final Pattern CAMEL_CODE = Pattern.compile("`([A-Z][A-Za-z0-9]+)`");
    private static final Pattern TABLE_ROW_PARAMETER = Pattern.compile("^\\| `([A-Z][A-Za-z0-9]+)`(?:, `([A-Z][A-Za-z0-9]+)`)* \\|",
            Pattern.MULTILINE);

    private final Path root = TemplateFiles.repositoryRoot();
    private final Template template = Template.load();

    @Test
    void everyMakeTargetItNamesExists() throws IOException {
        final String makefile = Files.readString(root.resolve("Makefile"));
        final List<String> missing = new ArrayList<>();
        final Matcher target = MAKE_TARGET.matcher(section());
        while (target.find()) {
            if (!Pattern.compile("(?m)^" + Pattern.quote(target.group(1)) + ":").matcher(makefile).find()) {
                missing.add("make " + target.group(1));
            }
        }
        assertThat(missing).as("make targets named by the README's deploy section but absent from the Makefile").isEmpty();
        assertThat(section()).contains("make deploy");
    }

    @Test
    void theCommandItShowsIsTheOneMakeDeployRuns() throws IOException {
        final String makefile = Files.readString(root.resolve("Makefile"));
        final Matcher deploy = Pattern.compile("(?m)^deploy: (.*)\\n((?:\\t.*\\n)+)").matcher(makefile);
        assertThat(deploy.find()).as("a deploy target").isTrue();
        assertThat(deploy.group(1)).contains("package");
        final String samLine = deploy.group(2).lines().map(String::trim).filter(line -> line.startsWith("sam deploy"))
                .findFirst().orElseThrow();
        assertThat(section()).contains(samLine);
    }

    @Test
    void everyClassAndJarItNamesExists() {
        final List<String> problems = new ArrayList<>();
        final Matcher type = CLASS.matcher(section());
        int classes = 0;
        while (type.find()) {
            classes++;
            try {
                Class.forName(type.group(), false, getClass().getClassLoader()).getMethod("main", String[].class);
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                problems.add(type.group() + ": no such class with a main method");
            }
        }
        final Set<String> codeUris = new TreeSet<>();
        template.ofType("AWS::Serverless::Function").values()
                .forEach(function -> codeUris.add((String) Template.properties(function).get("CodeUri")));
        final Matcher jar = JAR.matcher(section());
        final Set<String> named = new TreeSet<>();
        while (jar.find()) {
            named.add(jar.group());
        }
        assertThat(classes).as("classes named").isPositive();
        assertThat(problems).isEmpty();
        assertThat(codeUris).as("the jars the template deploys, each named by the README").isSubsetOf(named);
        assertThat(named).as("jars the README names").isSubsetOf(codeUris);
    }

    @Test
    void everyParameterHasAnAnswerAndEveryNameItUsesExists() throws IOException {
        final String section = section();
        final Set<String> answered = new TreeSet<>();
        final Matcher row = TABLE_ROW_PARAMETER.matcher(section);
        while (row.find()) {
            final Matcher names = CAMEL_CODE.matcher(row.group());
            while (names.find()) {
                answered.add(names.group(1));
            }
        }
        assertThat(answered).as("parameters answered in the README's table")
                .containsExactlyInAnyOrderElementsOf(template.parameters().keySet());

        final Set<String> outputs = Template.map(template.root.get("Outputs")).keySet();
        final Set<String> known = new LinkedHashSet<>(template.parameters().keySet());
        known.addAll(outputs);
        known.addAll(template.resources().keySet());
        final String templateText = Files.readString(TemplateFiles.template());
        final List<String> unknown = new ArrayList<>();
        final Matcher name = CAMEL_CODE.matcher(section);
        while (name.find()) {
            final String word = name.group(1);
            if (!known.contains(word) && !Pattern.compile("\\b" + word + "\\b").matcher(templateText).find() && !isSourceClass(word)) {
                unknown.add(word);
            }
        }
        assertThat(unknown).as("names in the deploy section that are no parameter, output, resource, template word or class")
                .isEmpty();
        for (String output : outputs) {
            assertThat(section).as("stack output " + output + " explained").contains("`" + output + "`");
        }
    }

    @Test
    void itSaysHowTheDeployPathIsVerified() {
        assertThat(section()).contains("Nothing in this repository's CI runs `sam deploy` against AWS");
    }

    private String section() {
        try {
            final String readme = Files.readString(root.resolve("README.md"));
            final int start = readme.indexOf("## Deploying to AWS");
            assertThat(start).as("README section 'Deploying to AWS'").isNotNegative();
            final int end = readme.indexOf("\n## ", start + 3);
            return end < 0 ? readme.substring(start) : readme.substring(start, end);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private boolean isSourceClass(final String simpleName) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.anyMatch(file -> file.getFileName().toString().equals(simpleName + ".java")
                    && !file.toString().contains("/target/"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
