package io.lakeobs.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** {@code lakeobs logs PROCESS}: one process's logs, filtered, optionally followed. */
@Command(name = "logs", mixinStandardHelpOptions = true,
    header = "Prints a process's logs.",
    description = {"Prints a process's logs (the last --limit of the range; with --follow, then every new entry),",
        "oldest first. Derives the process's on-demand views, which marks it kept."})
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
        long from = printPage(server, range[0], range[1], false).next(); // the last --limit of the range
        while (follow && context.following().getAsBoolean()) {
            Thread.sleep(1000);
            from = printNew(from, start -> printPage(server, start, 0, true), limit);
        }
        return ExitCodes.OK;
    }

    /** A page printed: how many entries, and where the next page starts (after the last one's time). */
    record Page(int entries, long next) {
    }

    /**
     * Everything logged since {@code from}, page after page of the first {@code limit} entries (each
     * printed by {@code pages}, oldest first), until a page is not full: a burst of more than
     * --limit entries between two polls is printed whole, not just its last --limit. A page starts
     * after its predecessor's last nanosecond, so entries of that same nanosecond past the page's
     * end are not printed (a page of --limit entries would have to end inside one nanosecond).
     *
     * @return where the next poll starts
     */
    static long printNew(final long from, final Function<Long, Page> pages, final int limit) {
        long start = from;
        while (true) {
            final Page page = pages.apply(start);
            if (page.entries() < limit) {
                return page.next();
            }
            start = page.next();
        }
    }

    private Page printPage(final ControlClient server, final long from, final long to, final boolean first) {
        final Map<String, Object> parameters = new HashMap<>();
        parameters.put("process", process);
        parameters.put("level", level);
        parameters.put("grep", grep);
        parameters.put("limit", limit);
        parameters.put("from_ns", from);
        parameters.put("to_ns", to);
        parameters.put("order", first ? "first" : "last");
        long next = from;
        int entries = 0;
        for (final JsonNode row : server.get("logs", parameters).path("rows")) {
            print(row);
            next = Math.max(next, row.get(0).asLong() + 1);
            entries++;
        }
        context.out().flush();
        return new Page(entries, next);
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
