package io.lakeobs.local.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What a command runs against: its output and error streams, whether the output is a terminal
 * (progress bars only then), the environment, the clock of relative times, and two hooks that
 * tests replace: how {@code up} waits to be stopped, and whether {@code logs --follow} goes on.
 *
 * @param awaitStop blocks until the server should stop (by default until Ctrl-C)
 * @param following asked before each further poll of {@code --follow}
 */
public record CliContext(PrintStream out, PrintStream err, boolean terminal, Map<String, String> env, Clock clock,
                         StopSignal awaitStop, BooleanSupplier following) {
    /** Blocks until the caller should stop. */
    @FunctionalInterface
    public interface StopSignal {
        void await() throws InterruptedException;
    }

    /** The process's own streams and environment; {@code up} stops on Ctrl-C (the JVM's shutdown). */
    public static CliContext system() {
        return new CliContext(System.out, System.err, System.console() != null, System.getenv(), Clock.systemUTC(),
            () -> new java.util.concurrent.CountDownLatch(1).await(), () -> true);
    }
}
