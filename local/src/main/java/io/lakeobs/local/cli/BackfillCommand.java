package io.lakeobs.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code lakeobs backfill FROM TO}: re-derives the global views' older-schema partitions, an hour at a time. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
    header = "Re-derives older-schema partitions of the global views.",
    description = {"Re-derives the global views' partitions of [FROM, TO) written by an older schema, an hour at a",
        "time (a progress bar on a terminal); partitions whose blocks are gone keep their old files."})
final class BackfillCommand extends ContextCommand {
    private static final long HOUR = Duration.ofHours(1).toMillis();
    /** A year of hours: more is surely a typo. */
    private static final long MAX_CHUNKS = 366 * 24;

    @Parameters(index = "0", paramLabel = "FROM", converter = TimeArgument.Converter.class,
        description = "now, 2h (ago), 7d, 2026-12-07, 2026-12-07T12:00 (UTC), or an instant")
    TimeArgument from;

    @Parameters(index = "1", paramLabel = "TO", converter = TimeArgument.Converter.class, description = "exclusive, as FROM")
    TimeArgument to;

    @Override
    public Integer call() {
        final Clock now = TimeArgument.oneReading(context.clock());
        final long start = from.at(now, "FROM").toEpochMilli();
        final long end = to.at(now, "TO").toEpochMilli();
        if (start >= end) {
            throw new CliException(ExitCodes.USAGE, "bad time range: FROM " + from.text() + " is not before TO " + to.text());
        }
        final long chunks = (end - start + HOUR - 1) / HOUR;
        if (chunks > MAX_CHUNKS) {
            throw new CliException(ExitCodes.USAGE, "bad time range: more than a year (" + chunks + " hours)");
        }
        final ControlClient server = server();
        final long[] totals = new long[4];
        try (Progress progress = new Progress(context, "backfill", (int) chunks)) {
            for (int i = 0; i < chunks; i++) {
                progress.update(i);
                final JsonNode run = server.post("backfill", Map.of("from_ms", start + i * HOUR,
                    "to_ms", Math.min(end, start + (i + 1) * HOUR)), "");
                totals[0] += run.path("rewritten").asLong();
                totals[1] += run.path("kept_old").asLong();
                totals[2] += run.path("skipped").asLong();
                totals[3] += run.path("blocks_read").asLong();
            }
            progress.update((int) chunks);
        }
        if (options.json) {
            final Map<String, Object> json = new LinkedHashMap<>();
            json.put("rewritten", totals[0]);
            json.put("kept_old", totals[1]);
            json.put("skipped", totals[2]);
            json.put("blocks_read", totals[3]);
            printJson(json);
        } else {
            context.out().println("backfill of " + chunks + " hour" + (chunks == 1 ? "" : "s") + ": " + totals[0]
                + " partitions rewritten, " + totals[1] + " kept at their old schema (blocks gone), " + totals[2]
                + " blocks skipped, " + totals[3] + " blocks read");
        }
        return ExitCodes.OK;
    }
}
