package io.lakeobs.local.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Starts a {@link SequenceChild} JVM and kills it with SIGKILL ({@code ProcessHandle.destroyForcibly}) as soon
 * as it reported a given sequence: the kill lands at a point fixed by the caller in events, not
 * in time. Then reads what the child printed before it died.
 *
 * @param processId the child's tracing process id
 * @param lastSequence the last sequence whose recording call returned before the kill (as printed)
 */
public record KillRun(UUID processId, long lastSequence) {

    public static KillRun run(final String endpoint, final String apiKey, final Path spool, final int eventsPerSecond,
                              final long killAfter) {
        return run(endpoint, apiKey, spool, eventsPerSecond, killAfter, false);
    }

    /**
     * @param onVirtualThreads the child records from virtual threads ({@link SequenceChild#VIRTUAL_THREADS}); the
     *        child runs on this JVM's java, which must then be 21+
     */
    public static KillRun run(final String endpoint, final String apiKey, final Path spool, final int eventsPerSecond,
                              final long killAfter, final boolean onVirtualThreads) {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
            SequenceChild.class.getName(), endpoint, apiKey, spool.toString(), Integer.toString(eventsPerSecond)));
        if (onVirtualThreads) {
            command.add(SequenceChild.VIRTUAL_THREADS);
        }
        final Process child;
        try {
            child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start the child JVM", e);
        }
        UUID processId = null;
        long last = -1;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("PROCESS ")) {
                    processId = UUID.fromString(line.substring("PROCESS ".length()));
                } else {
                    last = Long.parseLong(line.trim());
                    if (last >= killAfter && child.isAlive()) {
                        child.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly, leaves the pipe open to read what it holds
                    }
                }
            }
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the child did not die");
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        }
        if (processId == null) {
            throw new IllegalStateException("the child died before it started recording (exit " + child.exitValue() + ")");
        }
        return new KillRun(processId, last);
    }
}
