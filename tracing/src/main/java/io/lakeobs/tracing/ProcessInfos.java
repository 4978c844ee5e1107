package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.ProcessInfo;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Describes the running process once, at installation: a fresh id, the parent's id from
 * {@value #PARENT_PROCESS_ID_ENV} (which {@link #childEnvironment} sets for child processes),
 * where it runs, and the clock's frequency and start.
 */
public final class ProcessInfos {
    /** Environment variable carrying the parent process id to child processes. */
    public static final String PARENT_PROCESS_ID_ENV = "LAKEOBS_PARENT_PROCESS_ID";

    private ProcessInfos() {
    }

    static ProcessInfo detect(final Clock clock, final Map<String, String> properties, final Map<String, String> env) {
        final long startTicks = clock.ticks();
        final Instant now = Instant.now();
        final long startNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return new ProcessInfo(UUID.randomUUID(), parent(env), exe(), System.getProperty("user.name", ""), computer(),
            System.getProperty("os.name", "") + " " + System.getProperty("os.version", "") + " "
                + System.getProperty("os.arch", ""),
            cpu(), System.getProperty("java.vm.vendor", "") + " " + System.getProperty("java.vm.name", "") + " "
                + System.getProperty("java.runtime.version", ""),
            startNanos, startTicks, clock.ticksPerSecond(), properties);
    }

    /** Adds the parent id to a child's environment, e.g. {@code childEnvironment(processBuilder.environment())}. */
    public static Map<String, String> childEnvironment(final Map<String, String> environment) {
        final TracingRuntime runtime = Installation.runtime;
        if (runtime != null) {
            environment.put(PARENT_PROCESS_ID_ENV, runtime.processInfo().processId().toString());
        }
        return environment;
    }

    private static UUID parent(final Map<String, String> env) {
        final String value = env.get(PARENT_PROCESS_ID_ENV);
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (final IllegalArgumentException malformed) {
            return null;
        }
    }

    private static String exe() {
        final String command = System.getProperty("sun.java.command", "");
        final int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(0, space);
    }

    private static String computer() {
        final String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (final IOException e) {
            return "";
        }
    }

    private static String cpu() {
        final String fallback = System.getProperty("os.arch", "") + " x" + Runtime.getRuntime().availableProcessors();
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim() + " x" + Runtime.getRuntime().availableProcessors();
                }
            }
        } catch (final IOException | RuntimeException e) {
            // not Linux, or not readable: the architecture will do
        }
        return fallback;
    }
}
