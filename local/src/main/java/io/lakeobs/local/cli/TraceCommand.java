package io.lakeobs.local.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code lakeobs trace PROCESS --out FILE}: a Perfetto / Chrome trace of a process. */
@Command(name = "trace", mixinStandardHelpOptions = true,
    header = "Writes a process's trace for Perfetto.",
    description = {"Writes a process's thread spans, async spans and logs over a range as Chrome trace-event JSON:",
        "open it in https://ui.perfetto.dev or chrome://tracing. Marks the process kept (on-demand views)."})
final class TraceCommand extends ContextCommand {
    @Parameters(index = "0", paramLabel = "PROCESS", description = "a process id, or a unique prefix of one")
    String process;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "the trace file to write")
    Path out;

    @Option(names = "--since", converter = TimeArgument.Converter.class, description = "from (as for logs; default: the process's start)")
    TimeArgument since;

    @Option(names = "--until", converter = TimeArgument.Converter.class, description = "to, exclusive (default: now)")
    TimeArgument until;

    @Override
    public Integer call() {
        final Map<String, Object> parameters = processRange(process, since, until);
        final HttpResponse<byte[]> response = server().raw("trace", parameters);
        try {
            Files.write(out, response.body());
        } catch (final IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot write " + out + ": " + e);
        }
        final String[] counts = response.headers().firstValue("Lakeobs-Counts").orElse("0 0 0").split(" ");
        if (options.json) {
            final Map<String, Object> json = new LinkedHashMap<>();
            json.put("file", out.toAbsolutePath().toString());
            json.put("thread_spans", Long.parseLong(counts[0]));
            json.put("async_events", Long.parseLong(counts[1]));
            json.put("logs", Long.parseLong(counts[2]));
            json.put("bytes", response.body().length);
            printJson(json);
        } else {
            context.out().println("wrote " + out + ": " + counts[0] + " thread spans, " + counts[1] + " async span events, "
                + counts[2] + " logs (" + response.body().length + " bytes)");
            context.out().println("open it in https://ui.perfetto.dev (Open trace file) or chrome://tracing");
        }
        return ExitCodes.OK;
    }
}
