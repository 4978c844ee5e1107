package io.lakeobs.local.cli;

import io.lakeobs.local.server.LocalServer;
import io.lakeobs.local.server.ServerFile;
import io.lakeobs.uploader.UploaderEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code lakeobs up}: runs the local server until Ctrl-C and prints what an application exports. */
@Command(name = "up", mixinStandardHelpOptions = true,
    header = "Runs the local server for your application until Ctrl-C.",
    description = {"Runs lakeobs on this machine (127.0.0.1 only) until Ctrl-C: the ingest API for your application,",
        "the scheduled functions, and the endpoint the other commands use. Data stays in the data directory."})
final class UpCommand extends ContextCommand {
    @Option(names = "--port", defaultValue = "9400", description = "the ingest API's port (default ${DEFAULT-VALUE}; 0: any free one)")
    int port;

    @Option(names = "--control-port", defaultValue = "0", description = "the control endpoint's port (default: any free one)")
    int controlPort;

    @Override
    public Integer call() throws Exception {
        checkPort("--port", port);
        checkPort("--control-port", controlPort);
        final Path data = dataDirectory();
        if (ServerFile.read(data).isPresent() && answers()) {
            throw new CliException(ExitCodes.NO_SERVER, "a lakeobs server already runs for " + data + " at "
                + server().server().control() + ": stop it first (Ctrl-C where it runs)");
        }
        // else none, or a server.json left by one that did not stop cleanly: start over it
        final LocalServer server;
        try {
            server = LocalServer.start(new LocalServer.Settings(data, port, controlPort, context.clock(),
                context.clock(), true), message -> context.err().println("lakeobs up: " + message));
        } catch (final BindException taken) { // taken between the check and the start
            throw new CliException(ExitCodes.FAILED, "a port of --port " + port + " or --control-port " + controlPort
                + " is in use on 127.0.0.1 (" + taken.getMessage() + "): pass another (0: any free one)");
        }
        final Thread onCtrlC = new Thread(() -> stop(server), "lakeobs-up-stop");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        final ServerFile file = server.file();
        if (options.json) {
            final Map<String, Object> json = new LinkedHashMap<>();
            json.put("data_dir", data.toString());
            json.put(UploaderEnv.ENDPOINT, file.ingest().toString());
            json.put(UploaderEnv.API_KEY, file.apiKey());
            json.put("control", file.control().toString());
            printJson(json);
        } else {
            context.out().println("lakeobs is up on 127.0.0.1; data in " + data + " (kept across restarts)");
            context.out().println("  ingest API  " + file.ingest());
            context.out().println("  control     " + file.control() + " (lakeobs processes, logs, metrics, trace, ... use it)");
            context.out().println("In the shell that runs your application:");
            context.out().println("export " + UploaderEnv.ENDPOINT + "=" + file.ingest());
            context.out().println("export " + UploaderEnv.API_KEY + "=" + file.apiKey());
            context.out().println("Ctrl-C stops it.");
        }
        context.out().flush();
        context.awaitStop().await();
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
        stop(server);
        return ExitCodes.OK;
    }

    /** A port in range and free on 127.0.0.1, checked before anything starts; 0 is any free one. */
    private static void checkPort(final String option, final int value) {
        if (value < 0 || value > 65_535) {
            throw new CliException(ExitCodes.USAGE, option + ": " + value + " is not a port (0 to 65535; 0: any free one)");
        }
        if (value == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), value));
        } catch (final IOException taken) {
            throw new CliException(ExitCodes.FAILED, option + ": port " + value
                + " is in use on 127.0.0.1: pass another (0: any free one)");
        }
    }

    /** True if the server of {@code server.json} answers. */
    private boolean answers() {
        try {
            server().get("status", Map.of());
            return true;
        } catch (final CliException e) {
            if (e.status() == ExitCodes.NO_SERVER) {
                return false;
            }
            throw e;
        }
    }

    private void stop(final LocalServer server) {
        try {
            server.close();
            context.err().println("lakeobs up: stopped; data kept in " + dataDirectory());
        } catch (final Exception e) {
            context.err().println("lakeobs up: stopping failed: " + e);
        }
    }
}
