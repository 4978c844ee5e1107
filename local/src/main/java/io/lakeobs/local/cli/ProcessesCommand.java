package io.lakeobs.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code lakeobs processes}: the processes that sent data lately, from the catalog's indexes (never a Scan). */
@Command(name = "processes", mixinStandardHelpOptions = true,
    header = "Lists the processes that sent data lately.",
    description = {"Lists the processes that sent blocks in the last days, most recently seen first: executable, start,",
        "last seen, errors logged, and whether a decision keeps them (from the blocks' insert-day index)."})
final class ProcessesCommand extends ContextCommand {
    @Option(names = "--days", defaultValue = "7", description = "UTC days back from today (default ${DEFAULT-VALUE})")
    int days;

    @Override
    public Integer call() {
        final JsonNode processes = server().get("processes", Map.of("days", days));
        if (options.json) {
            printJson(processes);
            return ExitCodes.OK;
        }
        final long now = context.clock().millis();
        final List<List<String>> rows = new ArrayList<>();
        for (final JsonNode p : processes) {
            rows.add(List.of(p.path("process_id").asText(), p.path("exe").asText(),
                Text.relative(p.path("start_millis").asLong(), now), Text.relative(p.path("last_seen_millis").asLong(), now),
                String.valueOf(p.path("errors").asLong()), String.valueOf(p.path("blocks").asInt()),
                p.path("kept").asBoolean() ? "kept" : "-"));
        }
        Text.table(context.out(), List.of("PROCESS", "EXE", "STARTED", "LAST SEEN", "ERRORS", "BLOCKS", "KEPT"), rows);
        if (rows.isEmpty()) {
            context.out().println("(no process sent data in the last " + days + " day" + (days == 1 ? "" : "s") + ")");
        }
        return ExitCodes.OK;
    }
}
