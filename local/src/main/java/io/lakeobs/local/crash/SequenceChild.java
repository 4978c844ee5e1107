package io.lakeobs.local.crash;

import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.uploader.Uploader;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * The application that {@link KillRun} kills: crash-safe recording through the uploader spooling
 * to {@code args[2]}, sequence-numbered logs at {@code args[3]} per second; after each recording
 * call returns it prints the sequence, so the parent knows what was recorded before the kill.
 * At start it recovers what earlier, killed, runs left (tracing does so at install). With
 * {@code args[4]} {@value #VIRTUAL_THREADS} (Java 21+), virtual threads record the logs
 * ({@link VirtualWorkers}), into tracing's stripes.
 */
public final class SequenceChild {
    /** The log every event is; its argument is the sequence. */
    static final LogCallSite SEQUENCE = Tracing.logSite(Level.INFO, SequenceCensus.TARGET, "seq {}", "SequenceChild.java", 1);

    /** The optional fifth argument that has virtual threads record. */
    public static final String VIRTUAL_THREADS = "virtual-threads";

    private SequenceChild() {
    }

    public static void main(final String[] args) {
        final Uploader uploader = Uploader.builder().endpoint(URI.create(args[0])).apiKey(args[1])
            .spoolDirectory(Path.of(args[2])).crashSafe(true).build();
        final TracingRuntime tracing = uploader.configure(Tracing.builder()).install();
        final LongConsumer record = args.length > 4 && args[4].equals(VIRTUAL_THREADS) ? VirtualWorkers.start()
            : SEQUENCE::log;
        final PrintStream out = System.out;
        out.println("PROCESS " + tracing.processInfo().processId());
        out.flush();
        final long period = 1_000_000_000L / Integer.parseInt(args[3]);
        final long start = System.nanoTime();
        for (long sequence = 0; ; sequence++) {
            final long due = start + sequence * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            record.accept(sequence);
            out.println(sequence);
            out.flush();
        }
    }
}
