package io.lakeobs.local.cli;

import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** What every subcommand has: the {@link CliContext} and the shared options. */
abstract class ContextCommand implements Callable<Integer> {
    CliContext context;

    @Mixin
    ServerOptions options;

    Path dataDirectory() {
        return options.dataDirectory(context.env());
    }

    /** The running server's client ({@link ExitCodes#NO_SERVER} if none). */
    ControlClient server() {
        return ControlClient.connect(dataDirectory());
    }

    /** Prints {@code value} as JSON (for {@code --json}). */
    void printJson(final Object value) {
        context.out().println(ControlClient.toJson(value));
    }
}
