package io.lakeobs.tests.template;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the template and its reference schemas are, relative to the repository. */
final class TemplateFiles {

    static final String TEMPLATE = "sam-template.yaml";
    /** The official SAM schema, kept in the repository with its source noted (infra/schemas/README.md). */
    static final String SAM_SCHEMA = "infra/schemas/sam.schema.json";

    private TemplateFiles() {
    }

    /** The repository root: the nearest directory up from the working directory that holds the template. */
    static Path repositoryRoot() {
        for (Path directory = Path.of(System.getProperty("user.dir")).toAbsolutePath(); directory != null;
             directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve(TEMPLATE)) && Files.isRegularFile(directory.resolve("pom.xml"))) {
                return directory;
            }
        }
        return fail("no " + TEMPLATE + " beside a pom.xml above " + System.getProperty("user.dir"));
    }

    static Path template() {
        return repositoryRoot().resolve(TEMPLATE);
    }

    static Path samSchema() {
        final Path schema = repositoryRoot().resolve(SAM_SCHEMA);
        if (!Files.isRegularFile(schema)) {
            fail("The official SAM JSON schema is missing: expected " + schema + " (see infra/schemas/README.md)");
        }
        return schema;
    }
}
