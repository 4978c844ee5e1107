package io.lakeobs.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code lakeobs}: the command line of lakeobs on one machine. {@code up} runs the local server;
 * the other commands but {@code demo} ask it through its control endpoint. Usage errors exit 2,
 * every other failure with its {@link ExitCodes} status and a message on stderr.
 */
@Command(name = "lakeobs", mixinStandardHelpOptions = true, version = "lakeobs 0.1.0-SNAPSHOT",
    description = "lakeobs on one machine: a local server for your application, its logs, metrics and traces.",
    subcommands = {UpCommand.class, DemoCommand.class, QueryCommand.class, ProcessesCommand.class, LogsCommand.class,
        MetricsCommand.class, TraceCommand.class, EtlCommand.class, BackfillCommand.class, KeysCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:it worked", "1:it failed (server error, SQL refused, file not written)",
        "2:bad input (option, argument, time range)", "3:no server running (lakeobs up), or one already runs",
        "4:unknown process or metric"})
public final class LakeobsCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(run(CliContext.system(), args));
    }

    /** Runs one command line; returns its exit status. */
    public static int run(final CliContext context, final String... args) {
        final CommandLine line = new CommandLine(new LakeobsCli(), new Factory(context));
        line.setOut(new PrintWriter(context.out(), true));
        line.setErr(new PrintWriter(context.err(), true));
        line.getSubcommands().get("keys").setUnmatchedOptionsArePositionalParams(true).setStopAtPositional(true);
        line.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof CliException failure) {
                context.err().println("lakeobs " + command.getCommandName() + ": " + failure.getMessage());
                return failure.status();
            }
            context.err().println("lakeobs " + command.getCommandName() + ": " + e);
            return ExitCodes.FAILED;
        });
        return line.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (lakeobs --help lists them)");
    }

    /** Gives each command the context. */
    private record Factory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(final Class<K> type) throws Exception {
            final K created = CommandLine.defaultFactory().create(type);
            if (created instanceof ContextCommand command) {
                command.context = context;
            }
            return created;
        }
    }
}
