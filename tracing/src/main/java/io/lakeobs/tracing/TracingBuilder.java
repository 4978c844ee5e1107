package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.tracing.sink.TelemetrySink;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.Level;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configures and installs tracing, once, in an application's {@code main} (libraries only
 * record, never install). Code settings first; {@link #fromEnvironment} maps environment
 * variables onto them:
 * {@code LAKEOBS_LOG_LEVEL} (e.g. {@code debug}), {@code LAKEOBS_STREAMS} (e.g. {@code log,metrics}),
 * {@code LAKEOBS_PROPERTIES} ({@code key=value,key=value}).
 */
public final class TracingBuilder {
    /**
     * Default ring per thread and kind: 4 MiB, about 400 ms of a burst of 250,000 logs a second,
     * chosen with benchmarks' {@code BurstHarness} (docs/BENCHMARKS.md, "Issue 21: bursts"):
     * 1 MiB dropped events when the collector waited for a core on a loaded host, 2 MiB rarely.
     */
    public static final int DEFAULT_RING_CAPACITY = 4 << 20;
    /** Default raw bytes per block, before compression. */
    public static final int DEFAULT_BLOCK_TARGET = 1 << 20;
    /** Default bytes the collector may hold in backlogs, all threads together: 64 MiB. */
    public static final long DEFAULT_BACKLOG_CAPACITY = 64L << 20;
    /** Default time an idle collector parks before it looks at the rings again. */
    public static final Duration DEFAULT_COLLECTOR_POLL_PERIOD = Duration.ofMillis(1);
    /** Default time the shutdown hook and {@link TracingRuntime#close()} give the sink to drain. */
    public static final Duration DEFAULT_SHUTDOWN_DEADLINE = Duration.ofSeconds(5);

    private TelemetrySink sink = TelemetrySink.noop();
    private Clock clock = Clock.system();
    private final int[] ringCapacities = new int[StreamKind.values().length];
    private int blockTargetBytes = DEFAULT_BLOCK_TARGET;
    private Duration flushPeriod = Duration.ofSeconds(10);
    private Duration collectorPollPeriod = DEFAULT_COLLECTOR_POLL_PERIOD;
    private long backlogCapacity = DEFAULT_BACKLOG_CAPACITY;
    private PrintStream dropReports = System.err;
    private Duration shutdownDeadline = DEFAULT_SHUTDOWN_DEADLINE;
    private Set<StreamKind> enabled = EnumSet.allOf(StreamKind.class);
    private Level minLevel = Level.INFO;
    private final Map<String, String> processProperties = new LinkedHashMap<>();
    private Compression compression = Compression.LZ4;
    private int maxStringChars = 1024;
    private boolean manualCollector;
    private boolean shutdownHook = true;
    private Map<String, String> environment = System.getenv();
    private Path crashDirectory;
    private int virtualThreadStripes = VirtualStripes.defaultCount(Runtime.getRuntime().availableProcessors());

    TracingBuilder() {
        Arrays.fill(ringCapacities, DEFAULT_RING_CAPACITY);
    }

    public TracingBuilder sink(final TelemetrySink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
        return this;
    }

    public TracingBuilder clock(final Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Ring bytes per thread for every kind; a power of two from 1 KiB to 1 GiB. */
    public TracingBuilder ringCapacity(final int bytes) {
        Arrays.fill(ringCapacities, RingDescriptor.checkCapacity(bytes));
        return this;
    }

    public TracingBuilder ringCapacity(final StreamKind kind, final int bytes) {
        ringCapacities[kind.ordinal()] = RingDescriptor.checkCapacity(bytes);
        return this;
    }

    public TracingBuilder blockTargetBytes(final int bytes) {
        if (bytes < 256) {
            throw new IllegalArgumentException("block target too small: " + bytes);
        }
        this.blockTargetBytes = bytes;
        return this;
    }

    public TracingBuilder flushPeriod(final Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("flush period must be positive: " + period);
        }
        this.flushPeriod = period;
        return this;
    }

    /**
     * How long an idle collector parks before it looks at the rings again (default 1 ms). A
     * ring that fills past half wakes it at once, so a longer poll period costs fewer wake-ups
     * of an idle process, not drops. Positive.
     */
    public TracingBuilder collectorPollPeriod(final Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("collector poll period must be positive: " + period);
        }
        this.collectorPollPeriod = period;
        return this;
    }

    /**
     * The most bytes the collector holds, all threads together, in backlogs: rings found past
     * half full are copied there (on the heap, during bursts only) so that they empty at memory
     * speed while the collector encodes; past this, rings are drained in place and may fill.
     * Default 64 MiB; 0 turns backlogs off.
     */
    public TracingBuilder backlogCapacity(final long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("backlog capacity must be >= 0 bytes: " + bytes);
        }
        this.backlogCapacity = bytes;
        return this;
    }

    /**
     * Where events dropped by full rings are reported on the application side, at most once per
     * flush period: {@code System.err} as it is when the builder is made, by default. Not a
     * logger on purpose: a logging framework may be bridged into lakeobs (the SLF4J provider, the
     * appenders, a JUL bridge behind {@code System.Logger}), and the report of a drop must not be
     * recorded into the rings that are full.
     */
    public TracingBuilder dropReports(final PrintStream stream) {
        this.dropReports = Objects.requireNonNull(stream, "stream");
        return this;
    }

    /**
     * How long the shutdown hook and {@link TracingRuntime#close()} give the sink to send what
     * is left (the uploader keeps what it could not send in its spool); the JVM's exit waits
     * that long at most. Positive.
     */
    public TracingBuilder shutdownDeadline(final Duration deadline) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("shutdown deadline must be positive: " + deadline);
        }
        this.shutdownDeadline = deadline;
        return this;
    }

    public TracingBuilder streams(final Set<StreamKind> kinds) {
        this.enabled = kinds.isEmpty() ? EnumSet.noneOf(StreamKind.class) : EnumSet.copyOf(kinds);
        return this;
    }

    public TracingBuilder minLevel(final Level level) {
        this.minLevel = Objects.requireNonNull(level, "level");
        return this;
    }

    public TracingBuilder processProperty(final String key, final String value) {
        processProperties.put(key, value);
        return this;
    }

    public TracingBuilder compression(final Compression compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
        return this;
    }

    public TracingBuilder maxStringChars(final int chars) {
        if (chars < 1) {
            throw new IllegalArgumentException("maxStringChars must be positive: " + chars);
        }
        this.maxStringChars = chars;
        return this;
    }

    /** No collector thread: the caller drains with {@link TracingRuntime#collect()} and {@link TracingRuntime#flush()}. For tests and benchmarks. */
    public TracingBuilder manualCollector() {
        this.manualCollector = true;
        return this;
    }

    public TracingBuilder shutdownHook(final boolean install) {
        this.shutdownHook = install;
        return this;
    }

    /**
     * Crash-safe recording: every thread's rings and block builders are memory-mapped from files
     * under {@code directory} (one subdirectory per process), so that events recorded before a
     * {@code kill -9} survive in the page cache; at install, the directories of dead processes
     * found there are recovered into the sink first ({@link CrashRecovery}). Costs disk and page
     * cache, see docs/tracing.md. Off by default.
     */
    public TracingBuilder crashSafe(final Path directory) {
        this.crashDirectory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /**
     * Applies the {@code LAKEOBS_*} variables of {@code env} over the settings made so far; a blank
     * variable counts as unset.
     *
     * @throws IllegalArgumentException naming the variable and the bad value: an unknown level or
     *         stream kind, a property without {@code =}. A typo must not switch recording off unnoticed.
     */
    public TracingBuilder fromEnvironment(final Map<String, String> env) {
        this.environment = Map.copyOf(env);
        final String level = env.get("LAKEOBS_LOG_LEVEL");
        if (level != null && !level.isBlank()) {
            minLevel = level(level.trim());
        }
        final String streams = env.get("LAKEOBS_STREAMS");
        if (streams != null && !streams.isBlank()) {
            final Set<StreamKind> kinds = EnumSet.noneOf(StreamKind.class);
            for (final String tag : streams.split(",")) {
                if (!tag.isBlank()) {
                    kinds.add(streamKind(tag.trim()));
                }
            }
            enabled = kinds;
        }
        final String properties = env.get("LAKEOBS_PROPERTIES");
        if (properties != null) {
            for (final String pair : properties.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                final int equals = pair.indexOf('=');
                if (equals <= 0 || pair.substring(0, equals).isBlank()) {
                    throw new IllegalArgumentException("LAKEOBS_PROPERTIES: '" + pair.trim()
                        + "' is not name=value (entries are comma-separated name=value pairs)");
                }
                processProperties.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        return this;
    }

    private static Level level(final String name) {
        final String upper = name.toUpperCase(Locale.ROOT);
        for (final Level level : Level.values()) {
            if (level.name().equals(upper) || level == Level.WARN && upper.equals("WARNING")) {
                return level;
            }
        }
        throw new IllegalArgumentException("LAKEOBS_LOG_LEVEL: '" + name + "' is not a level (trace, debug, info, warn, error, fatal)");
    }

    private static StreamKind streamKind(final String tag) {
        for (final StreamKind kind : StreamKind.values()) {
            if (kind.tag().equalsIgnoreCase(tag) || kind.name().equalsIgnoreCase(tag) || (kind.name() + "S").equalsIgnoreCase(tag)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("LAKEOBS_STREAMS: '" + tag
            + "' is not a stream kind (log, metrics, spans; comma-separated; 'cpu' is the spans' tag)");
    }

    /**
     * How many shared recorders (each with its rings and streams) virtual threads record into:
     * a virtual thread always uses the same one, chosen by its id, so memory is bounded by this
     * count whatever the number of virtual threads. Default: twice the available processors
     * (the carrier threads), at least 4. From 1 to 1024.
     */
    public TracingBuilder virtualThreadStripes(final int stripes) {
        if (stripes < 1 || stripes > VirtualStripes.MAX_STRIPES) {
            throw new IllegalArgumentException("virtualThreadStripes must be from 1 to " + VirtualStripes.MAX_STRIPES
                + ", was " + stripes);
        }
        this.virtualThreadStripes = stripes;
        return this;
    }

    /**
     * Starts recording: from now on every call site records into per-thread rings and the
     * collector hands blocks to the sink.
     *
     * @throws IllegalStateException when tracing is already installed
     */
    public TracingRuntime install() {
        final Config config = new Config(sink, clock, ringCapacities.clone(), blockTargetBytes, flushPeriod,
            collectorPollPeriod, backlogCapacity, dropReports, shutdownDeadline, Set.copyOf(enabled), minLevel, Map.copyOf(processProperties), compression, maxStringChars,
            manualCollector, shutdownHook, environment, crashDirectory, virtualThreadStripes);
        return TracingRuntime.install(config);
    }
}
