package io.lakeobs.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code lakeobs metrics PROCESS [NAME]}: a process's metrics, or one metric's numbers and chart. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
    header = "Shows a process's metrics, or one metric with a chart.",
    description = {"Without NAME: each metric of the process with its count, min, avg, max and last value.",
        "With NAME: that metric's figures and a small chart over time. Marks the process kept (on-demand views)."})
final class MetricsCommand extends ContextCommand {
    @Parameters(index = "0", paramLabel = "PROCESS", description = "a process id, or a unique prefix of one")
    String process;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "a metric's name")
    String name;

    @Option(names = "--since", converter = TimeArgument.Converter.class, description = "from (as for logs; default: the process's start)")
    TimeArgument since;

    @Option(names = "--until", converter = TimeArgument.Converter.class, description = "to, exclusive (default: now)")
    TimeArgument until;

    @Option(names = "--width", defaultValue = "60", description = "the chart's width in columns (default ${DEFAULT-VALUE})")
    int width;

    @Override
    public Integer call() {
        if (width < 10 || width > 400) {
            throw new CliException(ExitCodes.USAGE, "--width must be between 10 and 400, was " + width);
        }
        final Map<String, Object> parameters = processRange(process, since, until);
        parameters.put("name", name);
        final JsonNode table = server().get("metrics", parameters);
        if (options.json) {
            printJson(table);
            return ExitCodes.OK;
        }
        if (name == null) {
            Text.table(context.out(), List.of("NAME", "UNIT", "COUNT", "MIN", "AVG", "MAX", "LAST"), Text.cells(table));
            return ExitCodes.OK;
        }
        final JsonNode rows = table.path("rows");
        final long[] times = new long[rows.size()];
        final double[] values = new double[rows.size()];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < rows.size(); i++) {
            times[i] = rows.get(i).get(0).asLong();
            values[i] = rows.get(i).get(1).asDouble();
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
            sum += values[i];
        }
        final List<List<String>> figures = new ArrayList<>();
        figures.add(List.of(name, String.valueOf(values.length), Text.number(min), Text.number(sum / values.length),
            Text.number(max), Text.number(values[values.length - 1])));
        Text.table(context.out(), List.of("NAME", "COUNT", "MIN", "AVG", "MAX", "LAST"), figures);
        context.out().println();
        Chart.draw(times, values, width, 8).forEach(context.out()::println);
        return ExitCodes.OK;
    }
}
