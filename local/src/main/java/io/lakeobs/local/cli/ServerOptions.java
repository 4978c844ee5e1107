package io.lakeobs.local.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** The options every command shares: the data directory of the local server, and JSON output. */
final class ServerOptions {
    /** Overrides the default data directory, {@code ~/.lakeobs}. */
    static final String HOME = "LAKEOBS_HOME";

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "the local server's data directory (default: $" + HOME + ", else ~/.lakeobs)")
    Path dataDirectory;

    @Option(names = "--json", description = "JSON for scripts instead of text for people")
    boolean json;

    Path dataDirectory(final Map<String, String> env) {
        if (dataDirectory != null) {
            return dataDirectory.toAbsolutePath();
        }
        final String home = env.get(HOME);
        return home != null && !home.isBlank() ? Path.of(home).toAbsolutePath()
            : Path.of(System.getProperty("user.home"), ".lakeobs");
    }
}
