package io.lakeobs.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.HashMap;
import java.util.Map;

/** {@code lakeobs logs PROCESS}: one process's logs, filtered, optionally followed. */
@Command(name = "logs", mixinStandardHelpOptions = true,
    header = "Prints a process's logs.",
    description = {"Prints a process's logs (the last --limit of the range), oldest first. Derives the process's",
        "on-demand views, which marks it kept."})
final class LogsCommand extends ContextCommand {
    @Parameters(index = "0", paramLabel = "PROCESS", description = "a process id, or a unique prefix of one (lakeobs processes)")
    String process;

    @Option(names = "--level", defaultValue = "trace", description = "the least severe level shown: trace, debug, info, warn, error, fatal")
    String level;

    @Option(names = "--since", converter = TimeArgument.Converter.class,
        description = "from: now, 15m (ago), 2h, 7d, 2026-12-07, 2026-12-07T12:00 (UTC), or an instant (default: the process's start)")
    TimeArgument since;

    @Option(names = "--until", converter = TimeArgument.Converter.class, description = "to, exclusive, as --since (default: now)")
    TimeArgument until;

    @Option(names = "--grep", paramLabel = "REGEX", description = "only entries whose target or message matches")
    String grep;

    @Option(names = "--limit", defaultValue = "200", description = "the most entries printed (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = {"-f", "--follow"}, description = "keep printing new entries every second until Ctrl-C")
    boolean follow;

    @Override
    public Integer call() throws InterruptedException {
        final long[] range = TimeArgument.range(since, until, context.clock());
        if (follow && until != null) {
            throw new CliException(ExitCodes.USAGE, "--follow and --until do not go together");
        }
        final ControlClient server = server();
        long from = range[0];
        while (true) {
            final Map<String, Object> parameters = new HashMap<>();
            parameters.put("process", process);
            parameters.put("level", level);
            parameters.put("grep", grep);
            parameters.put("limit", limit);
            parameters.put("from_ns", from);
            parameters.put("to_ns", range[1]);
            final JsonNode table = server.get("logs", parameters);
            for (final JsonNode row : table.path("rows")) {
                print(row);
                from = Math.max(from, row.get(0).asLong() + 1);
            }
            context.out().flush();
            if (!follow || !context.following().getAsBoolean()) {
                return ExitCodes.OK;
            }
            Thread.sleep(1000);
        }
    }

    private void print(final JsonNode row) {
        if (options.json) {
            context.out().println("{\"time_ns\":" + row.get(0).asLong() + ",\"level\":\"" + Text.level(row.get(1).asInt())
                + "\",\"target\":" + ControlClient.toJson(row.get(2).asText()) + ",\"thread\":"
                + ControlClient.toJson(row.get(3).asText()) + ",\"msg\":" + ControlClient.toJson(row.get(4).asText()) + "}");
        } else {
            context.out().printf("%s  %-5s  %s  [%s]  %s%n", Text.time(row.get(0).asLong()), Text.level(row.get(1).asInt()),
                row.get(2).asText(), row.get(3).asText(), row.get(4).asText());
        }
    }
}
