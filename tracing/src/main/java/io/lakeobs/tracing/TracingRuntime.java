package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.ProcessInfo;
import io.lakeobs.tracing.sink.StreamKind;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The installed tracing of this process, its lifecycle: the per-thread recorders, the collector
 * (a daemon thread, or driven by hand in manual mode) and the flush and shutdown hooks. Call
 * sites find their thread's recorder through {@link Installation}. At most one is installed at
 * a time; {@link #close()} uninstalls it, after which every call site is a no-op again.
 */
public final class TracingRuntime implements AutoCloseable {
    private static final Object INSTALL_LOCK = new Object();
    final Config config;
    /** This process's crash-safe recording directory, or null. */
    final CrashDirectory crashDirectory;
    private final ProcessInfo process;
    /** Package-private for tests that drive the collector thread's budgeted pass by hand. */
    final Collector collector;
    /** Where virtual threads record; null on a JVM without virtual threads. */
    final VirtualStripes stripes;
    private final ThreadLocal<Recorder> recorders = ThreadLocal.withInitial(this::newRecorder);
    private final Object collectorLock = new Object();
    private final Object flushMonitor = new Object();
    private final Thread thread;
    /** How a ring past its high-water mark wakes the collector thread. */
    final CollectorWakeup wakeup;
    private final Thread hook;
    private volatile boolean running = true;
    private volatile Duration shutdownDeadline;
    private volatile long flushRequested;
    private long flushCompleted;
    private boolean stopped;
    private CrashRecovery.Report lastRecovery = new CrashRecovery.Report(0, 0, 0, 0);

    private TracingRuntime(final Config config) {
        this.config = config;
        this.process = ProcessInfos.detect(config.clock(), config.processProperties(), config.environment());
        this.crashDirectory = config.crashDirectory() == null ? null : CrashDirectory.open(config.crashDirectory(), process);
        if (crashDirectory != null) {
            CommitMarkers.turnOn(); // before the first ring is mapped
        }
        this.collector = new Collector(this, process);
        this.thread = config.manualCollector() ? null : new Thread(this::runCollector, "lakeobs-collector");
        this.wakeup = new CollectorWakeup(thread); // before any recorder: their rings signal it
        this.stripes = VirtualThreads.SUPPORTED ? new VirtualStripes(this, config.virtualThreadStripes()) : null;
        if (stripes != null) {
            for (int i = 0; i < stripes.count(); i++) {
                collector.register(stripes.stripe(i));
            }
        }
        this.hook = config.shutdownHook() ? new Thread(() -> shutdown(config.shutdownDeadline()), "lakeobs-shutdown") : null;
    }

    static TracingRuntime install(final Config config) {
        synchronized (INSTALL_LOCK) {
            if (Installation.runtime != null) {
                throw new IllegalStateException("tracing is already installed; close the current TracingRuntime first");
            }
            final TracingRuntime runtime = new TracingRuntime(config);
            if (runtime.crashDirectory != null) {
                // before our own collector calls the sink: the sink is never called concurrently
                runtime.lastRecovery = CrashRecovery.recover(config.crashDirectory(), config.sink(), config.compression(),
                    runtime.process.processId());
            }
            if (runtime.thread == null) {
                runtime.collector.call(() -> config.sink().onProcessStarted(runtime.process));
            } else {
                runtime.thread.setDaemon(true);
                runtime.thread.start();
            }
            if (runtime.hook != null) {
                Runtime.getRuntime().addShutdownHook(runtime.hook);
            }
            Installation.stripes = runtime.stripes == null ? null : runtime.stripes.all();
            Installation.runtime = runtime;
            Installation.logThreshold = config.enabled().contains(StreamKind.LOG) ? config.minLevel().code() : Installation.OFF;
            return runtime;
        }
    }

    /** The calling thread's recorder of this runtime, created and registered with the collector on first use. */
    Recorder threadRecorder() {
        return recorders.get();
    }

    /** The collector thread, or null in manual mode; for tests that wait until it is parked. */
    Thread collectorThread() {
        return thread;
    }

    boolean enabled(final StreamKind kind) {
        return config.enabled().contains(kind);
    }

    private Recorder newRecorder() {
        final Recorder recorder = new Recorder(this, Thread.currentThread());
        collector.register(recorder);
        return recorder;
    }

    /** What the install recovered from dead processes' crash directories; all zero unless crash-safe. */
    public CrashRecovery.Report recovered() {
        return lastRecovery;
    }

    public ProcessInfo processInfo() {
        return process;
    }

    /** Events of that kind dropped so far because a ring was full (as counted by the collector). */
    public long droppedEvents(final StreamKind kind) {
        return collector.dropped.get(kind.ordinal());
    }

    /** Sink calls that threw or blocks that failed to encode. */
    public long sinkFailures() {
        return collector.sinkFailures;
    }

    /**
     * Manual mode: drains every ring once, sealing the blocks that reached their target size.
     *
     * @return events moved
     * @throws IllegalStateException when a collector thread runs
     */
    public int collect() {
        if (thread != null) {
            throw new IllegalStateException("collect() is for manual mode; a collector thread is running");
        }
        synchronized (collectorLock) {
            return collector.collect();
        }
    }

    /**
     * Manual mode: throws away everything recorded so far without encoding it (not counted as
     * dropped). For benchmarks that measure recording alone and empty the rings between
     * iterations; the sink sees nothing.
     *
     * @return bytes discarded
     */
    public long discard() {
        if (thread != null) {
            throw new IllegalStateException("discard() is for manual mode; a collector thread is running");
        }
        synchronized (collectorLock) {
            return collector.discard();
        }
    }

    /**
     * Events the calling thread could not record because its rings were full, since it first
     * recorded. A virtual thread records into a stripe it shares with other virtual threads: for
     * it, the count is its stripe's (its own drops and theirs).
     */
    public long droppedEventsOfCurrentThread() {
        final Thread current = Thread.currentThread();
        final Recorder recorder = stripes != null && VirtualThreads.isVirtual(current) ? stripes.stripeOf(current) : recorders.get();
        long dropped = 0;
        for (final StreamKind kind : StreamKind.values()) {
            final Ring ring = recorder.ring(kind);
            dropped += ring == null ? 0 : ring.droppedCount();
        }
        return dropped;
    }

    /** Waits until everything recorded before this call reached the sink (at most 30 s). */
    public boolean flush() {
        return flush(Duration.ofSeconds(30));
    }

    /**
     * Drains every ring, seals every non-empty stream, calls the sink's {@code flush()}, and
     * returns once that is done for everything recorded before the call.
     *
     * @return false when the timeout passed first, tracing is shut down, or the caller is the
     *         collector thread (a sink calling back)
     */
    public boolean flush(final Duration timeout) {
        if (thread == null) {
            synchronized (collectorLock) {
                if (stopped) {
                    return false;
                }
                collector.collect();
                collector.sealAll();
                collector.call(config.sink()::flush);
                return true;
            }
        }
        if (Thread.currentThread() == thread) {
            return false; // called from a sink, on the collector itself: waiting would only time out
        }
        final long ticket;
        synchronized (flushMonitor) {
            ticket = ++flushRequested;
        }
        java.util.concurrent.locks.LockSupport.unpark(thread);
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (flushMonitor) {
            while (flushCompleted < ticket) {
                final long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || !thread.isAlive()) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(flushMonitor, remaining);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Uninstalls, drains and seals everything, and shuts the sink down within {@code deadline}. */
    public void shutdown(final Duration deadline) {
        synchronized (INSTALL_LOCK) {
            if (Installation.runtime == this) {
                Installation.logThreshold = Installation.OFF;
                Installation.runtime = null;
                Installation.stripes = null;
            }
        }
        Installation.forgetAll(this);
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (final IllegalStateException alreadyExiting) {
                // the JVM is exiting and the hook runs anyway
            }
        }
        if (thread == null) {
            synchronized (collectorLock) {
                if (!stopped) {
                    stopped = true;
                    finish(deadline);
                }
            }
            return;
        }
        shutdownDeadline = deadline;
        running = false;
        java.util.concurrent.locks.LockSupport.unpark(thread);
        try {
            thread.join(Math.max(1, deadline.toMillis()));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(config.shutdownDeadline());
    }

    /**
     * The collector thread: drains every ring, seals on the flush period and on flush requests,
     * and, when a pass found nothing, backs off up to parking for the poll period, until a flush
     * asks or a ring passes its high-water mark ({@link CollectorWakeup}).
     */
    private void runCollector() {
        collector.call(() -> config.sink().onProcessStarted(process));
        final long period = config.flushPeriod().toNanos();
        final long poll = config.collectorPollPeriod().toNanos();
        long nextSeal = System.nanoTime() + period;
        while (running) {
            final long requested = flushRequested;
            final int moved = collector.collectSome();
            final long now = System.nanoTime();
            if (now - nextSeal >= 0) {
                collector.sealAll();
                nextSeal = now + period;
            }
            if (requested > flushCompleted) {
                collector.collect(); // backlogs too: everything recorded before the request
                collector.sealAll();
                collector.call(config.sink()::flush);
                synchronized (flushMonitor) {
                    flushCompleted = requested;
                    flushMonitor.notifyAll();
                }
            }
            if (running) {
                wakeup.idle(moved > 0, Math.max(1, Math.min(poll, nextSeal - now)));
            }
        }
        finish(shutdownDeadline);
        synchronized (flushMonitor) {
            flushCompleted = Long.MAX_VALUE;
            flushMonitor.notifyAll();
        }
    }

    private void finish(final Duration deadline) {
        collector.collect();
        collector.reportRemainingDrops();
        collector.sealAll();
        collector.call(config.sink()::flush);
        if (crashDirectory != null) {
            crashDirectory.close(); // everything reached the sink, which spools what it cannot send
        }
        collector.call(() -> config.sink().shutdown(deadline));
    }
}
