package io.lakeobs.tests.template;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the template and its reference schemas are, relative to the repository. */
final class TemplateFiles {

    static final String TEMPLATE = "sam-template.yaml";
    /** The SAM schema sits beside the repository: {@code <repo>/../shared/schemas/sam.schema.json}. */
    static final String SAM_SCHEMA = "../shared/schemas/sam.schema.json";

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
        final Path schema = repositoryRoot().resolve(SAM_SCHEMA).normalize();
        if (!Files.isRegularFile(schema)) {
            fail("The official SAM JSON schema is missing: expected " + schema + " (" + SAM_SCHEMA
                    + " from the repository root). Check out the shared/ directory beside the repository;"
                    + " see shared/schemas/README.md.");
        }
        return schema;
    }
}
