package io.lakeobs.local.cli;

import io.lakeobs.local.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code lakeobs demo}: the whole pipeline on its own embedded stack (no server needed). */
@Command(name = "demo", mixinStandardHelpOptions = true,
    header = "Runs the whole pipeline with a sample application.",
    description = {"Runs the whole pipeline on its own embedded stack with a sample application, prints SQL over its",
        "views and checks the counts against each other; its views stay in DATA_DIR/demo/views (lakeobs query --demo)."})
final class DemoCommand extends ContextCommand {
    @Option(names = "--threads", defaultValue = "4", description = "the sample application's threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--iterations", defaultValue = "25000", description = "iterations per thread (default ${DEFAULT-VALUE})")
    int iterations;

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || iterations < 1) {
            throw new CliException(ExitCodes.USAGE, "--threads and --iterations must be at least 1");
        }
        final PrintStream out = options.json ? new PrintStream(PrintStream.nullOutputStream()) : context.out();
        final Demo.Report report = new Demo(dataDirectory().resolve("demo"), threads, iterations, out).run();
        if (options.json) {
            final Map<String, Object> json = new LinkedHashMap<>();
            json.put("consistent", report.consistent());
            json.put("process_id", report.processId().toString());
            json.put("events_recorded", report.recorded().total());
            json.put("blocks_indexed", report.blocksIndexed());
            json.put("view_rows", report.viewRows());
            json.put("views", report.viewsDirectory().toString());
            printJson(json);
        } else {
            out.println();
            out.println((report.consistent() ? "OK" : "MISMATCH") + ": " + report.summary());
        }
        return report.consistent() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
