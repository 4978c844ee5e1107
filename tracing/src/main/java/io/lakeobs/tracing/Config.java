package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.tracing.sink.TelemetrySink;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.Level;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The settled configuration of one installation, built by {@link TracingBuilder}.
 *
 * @param sink receives process, stream and block callbacks on the collector thread
 * @param clock the time source of every event
 * @param ringCapacities bytes of each per-thread ring, by {@link StreamKind#ordinal()}
 * @param blockTargetBytes a block is sealed before its raw events exceed this
 * @param flushPeriod every non-empty stream is sealed at least this often; drops are reported at most this often
 * @param collectorPollPeriod how long an idle collector parks before looking at the rings again (a ring past its
 *        high-water mark wakes it sooner)
 * @param backlogCapacity the most bytes the collector holds in backlogs (rings evacuated during bursts), all streams together
 * @param dropReports where the collector reports drops on the application side (stderr by default)
 * @param shutdownDeadline what the shutdown hook and {@code close()} give the sink to drain
 * @param enabled stream kinds recorded; others are no-ops
 * @param minLevel logs below this level are filtered before any work
 * @param processProperties properties of the process, from code and the environment
 * @param compression of the block sections
 * @param maxStringChars longer string arguments and names are truncated
 * @param manualCollector no collector thread: tests drive collection with {@link TracingRuntime#collect()}
 * @param shutdownHook flush and shut down when the JVM exits
 * @param environment where the parent process id is read from
 * @param crashDirectory root of crash-safe recording ({@link CrashDirectory}), or null for rings in memory only
 * @param virtualThreadStripes how many shared recorders virtual threads record into ({@link VirtualStripes})
 */
record Config(TelemetrySink sink, Clock clock, int[] ringCapacities, int blockTargetBytes, Duration flushPeriod,
              Duration collectorPollPeriod, long backlogCapacity, java.io.PrintStream dropReports, Duration shutdownDeadline, Set<StreamKind> enabled, Level minLevel, Map<String, String> processProperties, Compression compression,
              int maxStringChars, boolean manualCollector, boolean shutdownHook, Map<String, String> environment,
              java.nio.file.Path crashDirectory, int virtualThreadStripes) {

    int ringCapacity(final StreamKind kind) {
        return ringCapacities[kind.ordinal()];
    }
}
