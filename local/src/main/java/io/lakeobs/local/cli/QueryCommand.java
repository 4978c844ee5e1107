package io.lakeobs.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeobs.local.demo.LocalQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.SQLException;
import java.util.Map;

/** {@code lakeobs query SQL}: DuckDB over the global views' live files (the server's, or the last demo's). */
@Command(name = "query", mixinStandardHelpOptions = true,
    header = "Runs SQL over the global views.",
    description = {"Runs SQL (DuckDB) over the global views of the running server: log_entries, measures, processes,",
        "streams, blocks. With --demo, over the views the last 'lakeobs demo' left (no server needed)."})
final class QueryCommand extends ContextCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "SQL", description = "e.g. \"SELECT level, count(*) FROM log_entries GROUP BY ALL\"")
    String sql;

    @Option(names = "--days", defaultValue = "7", description = "UTC days of views to read, back from today (default ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--limit", defaultValue = "1000", description = "the most rows shown (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--demo", description = "query the last demo's views instead of the server's")
    boolean demo;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            throw new CliException(ExitCodes.USAGE, "--limit must be at least 1, was " + limit);
        }
        final JsonNode table;
        if (demo) {
            try (LocalQuery query = new LocalQuery(dataDirectory().resolve("demo").resolve("views"))) {
                table = JSON.valueToTree(query.select(sql, limit));
            } catch (final IllegalStateException e) {
                throw new CliException(ExitCodes.NO_SERVER, e.getMessage().replace("make demo", "lakeobs demo"));
            } catch (final SQLException e) {
                throw new CliException(ExitCodes.FAILED, "query failed: " + e.getMessage());
            }
        } else {
            table = server().post("query", Map.of("days", days, "limit", limit), sql);
        }
        if (options.json) {
            printJson(table);
        } else {
            Text.table(context.out(), Text.columns(table), Text.cells(table));
            context.out().println("(" + table.path("rows").size() + " row" + (table.path("rows").size() == 1 ? "" : "s")
                + (table.path("rows").size() == limit ? ", the first " + limit : "") + ")");
        }
        return ExitCodes.OK;
    }
}
