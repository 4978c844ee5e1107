package io.lakeobs.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/** {@code lakeobs etl PROCESS}: the on-demand views of a process, derived now. */
@Command(name = "etl", mixinStandardHelpOptions = true,
    header = "Derives a process's on-demand views now.",
    description = {"Derives a process's on-demand views (thread_spans, async_events, log_entries, measures) over a",
        "range, as the on-demand function does, and marks the process kept."})
final class EtlCommand extends ContextCommand {
    @Parameters(index = "0", paramLabel = "PROCESS", description = "a process id, or a unique prefix of one")
    String process;

    @Option(names = "--since", converter = TimeArgument.Converter.class, description = "from (as for logs; default: the process's start)")
    TimeArgument since;

    @Option(names = "--until", converter = TimeArgument.Converter.class, description = "to, exclusive (default: now)")
    TimeArgument until;

    @Override
    public Integer call() {
        final Map<String, Object> parameters = processRange(process, since, until);
        final JsonNode run;
        try (Progress progress = new Progress(context, "etl", 1)) {
            progress.update(0);
            run = server().post("etl", parameters, "");
            progress.update(1);
        }
        if (options.json) {
            printJson(run);
        } else {
            context.out().println("process " + run.path("process_id").asText() + ": " + run.path("partitions").asInt()
                + " view partitions live, " + run.path("blocks_read").asInt() + " blocks read, " + run.path("skipped").asInt()
                + " skipped");
        }
        return ExitCodes.OK;
    }
}
