package io.lakeobs.local.cli;

import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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

    /**
     * The parameters of a request about one process over {@code --since}/{@code --until} (bad or
     * reversed ranges refused by {@link TimeArgument#range}), mutable so a command can add its own.
     */
    Map<String, Object> processRange(final String process, final TimeArgument since, final TimeArgument until) {
        final long[] range = TimeArgument.range(since, until, context.clock());
        final Map<String, Object> parameters = new HashMap<>();
        parameters.put("process", process);
        parameters.put("from_ns", range[0]);
        parameters.put("to_ns", range[1]);
        return parameters;
    }

    /** Prints {@code value} as JSON (for {@code --json}). */
    void printJson(final Object value) {
        context.out().println(ControlClient.toJson(value));
    }
}
