package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.ProcessInfo;
import io.lakeobs.tracing.sink.StreamKind;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The installed tracing of this process: the per-thread recorders, the collector (a daemon thread,
 * or driven by hand in manual mode) and the flush and shutdown hooks. At most one is installed at
 * a time; {@link #close()} uninstalls it, after which every call site is a no-op again.
 */
public final class TracingRuntime implements AutoCloseable {
    private static final Object INSTALL_LOCK = new Object();
    private static final int RECORDER_SLOTS = 1024;
    /**
     * The recorders of the installed runtime by thread id, direct-mapped: one load from a
     * constant address (the index is masked, so no bounds check either) and one compare of the
     * thread, instead of a ThreadLocal lookup (a hash probe and a weak-reference read) on every
     * event. A collision or a miss falls back to the runtime's ThreadLocal. Hits trust an entry
     * whose final {@code thread} is the caller; entries are added and removed with volatile
     * operations, and {@link #shutdown} removes its runtime's entries after uninstalling it, while
     * a thread that added one re-reads the installed runtime and takes it back if it changed, so
     * no entry outlives its runtime (a thread racing the shutdown itself may lose its events, as
     * it always could).
     */
    private static final Recorder[] RECORDERS_BY_THREAD = new Recorder[RECORDER_SLOTS];
    /**
     * The same, one step further for the two kinds whose events need nothing but the ring: a
     * log or metric call site goes from the table straight to the thread's ring (checked
     * against its final {@code thread}), one object hop less per event. Same protocol.
     */
    private static final Ring[] LOG_RINGS_BY_THREAD = new Ring[RECORDER_SLOTS];
    private static final Ring[] METRIC_RINGS_BY_THREAD = new Ring[RECORDER_SLOTS];
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Recorder[].class);
    private static final VarHandle RING_SLOT = MethodHandles.arrayElementVarHandle(Ring[].class);

    final Config config;
    private final ProcessInfo process;
    private final Collector collector;
    private final ThreadLocal<Recorder> recorders = ThreadLocal.withInitial(this::newRecorder);
    private final Object collectorLock = new Object();
    private final Object flushMonitor = new Object();
    private final Thread thread;
    private final Thread hook;
    private volatile boolean running = true;
    private volatile Duration shutdownDeadline = Duration.ofSeconds(5);
    private volatile long flushRequested;
    private long flushCompleted;
    private boolean stopped;

    private TracingRuntime(final Config config) {
        this.config = config;
        this.process = ProcessInfos.detect(config.clock(), config.processProperties(), config.environment());
        this.collector = new Collector(this, process);
        this.thread = config.manualCollector() ? null : new Thread(this::runCollector, "lakeobs-collector");
        this.hook = config.shutdownHook() ? new Thread(() -> shutdown(Duration.ofSeconds(5)), "lakeobs-shutdown") : null;
    }

    static TracingRuntime install(final Config config) {
        synchronized (INSTALL_LOCK) {
            if (Tracing.runtime != null) {
                throw new IllegalStateException("tracing is already installed; close the current TracingRuntime first");
            }
            final TracingRuntime runtime = new TracingRuntime(config);
            if (runtime.thread == null) {
                runtime.collector.call(() -> config.sink().onProcessStarted(runtime.process));
            } else {
                runtime.thread.setDaemon(true);
                runtime.thread.start();
            }
            if (runtime.hook != null) {
                Runtime.getRuntime().addShutdownHook(runtime.hook);
            }
            Tracing.runtime = runtime;
            Tracing.logThreshold = config.enabled().contains(StreamKind.LOG) ? config.minLevel().code() : Tracing.OFF;
            return runtime;
        }
    }

    /** The calling thread's recorder, registered on first use; null when tracing is not installed. */
    static Recorder recorder() {
        final Thread current = Thread.currentThread();
        final Recorder cached = RECORDERS_BY_THREAD[slot(current)];
        return cached != null && cached.thread == current ? cached : recorderOnMiss(current);
    }

    private static Recorder recorderOnMiss(final Thread current) {
        final TracingRuntime runtime = Tracing.runtime;
        if (runtime == null) {
            return null;
        }
        final Recorder recorder = runtime.recorders.get();
        final int slot = slot(current);
        SLOT.setVolatile(RECORDERS_BY_THREAD, slot, recorder);
        if (Tracing.runtime != runtime) { // shut down meanwhile, maybe before it could see our entry
            SLOT.compareAndSet(RECORDERS_BY_THREAD, slot, recorder, null);
            return null;
        }
        return recorder;
    }

    /** The calling thread's log ring, created on first use; null when tracing is not installed. */
    static Ring logRing() {
        final Thread current = Thread.currentThread();
        final Ring cached = LOG_RINGS_BY_THREAD[slot(current)];
        return cached != null && cached.thread == current ? cached : ringOnMiss(LOG_RINGS_BY_THREAD, StreamKind.LOG, current);
    }

    /** The calling thread's metrics ring, created on first use; null when tracing or its metrics are off. */
    static Ring metricsRing() {
        final Thread current = Thread.currentThread();
        final Ring cached = METRIC_RINGS_BY_THREAD[slot(current)];
        return cached != null && cached.thread == current
            ? cached : ringOnMiss(METRIC_RINGS_BY_THREAD, StreamKind.METRICS, current);
    }

    private static Ring ringOnMiss(final Ring[] table, final StreamKind kind, final Thread current) {
        final Recorder recorder = recorder();
        final Ring ring = recorder == null ? null : recorder.ringToRecord(kind);
        if (ring == null) {
            return null;
        }
        final int slot = slot(current);
        RING_SLOT.setVolatile(table, slot, ring);
        if (Tracing.runtime != recorder.runtime) { // shut down meanwhile, maybe before it could see our entry
            RING_SLOT.compareAndSet(table, slot, ring, null);
            return null;
        }
        return ring;
    }

    /** Lets a dead thread's recorder (and its rings) be collected; called by the collector. */
    void forget(final Recorder recorder) {
        final int slot = slot(recorder.thread);
        SLOT.compareAndSet(RECORDERS_BY_THREAD, slot, recorder, null);
        forgetRing(LOG_RINGS_BY_THREAD, slot, recorder.ring(StreamKind.LOG));
        forgetRing(METRIC_RINGS_BY_THREAD, slot, recorder.ring(StreamKind.METRICS));
    }

    private static void forgetRing(final Ring[] table, final int slot, final Ring ring) {
        if (ring != null) {
            RING_SLOT.compareAndSet(table, slot, ring, null);
        }
    }

    /** Removes this runtime's recorders and rings from the tables, once it is uninstalled. */
    private void forgetAll() {
        for (int slot = 0; slot < RECORDER_SLOTS; slot++) {
            final Recorder recorder = (Recorder) SLOT.getVolatile(RECORDERS_BY_THREAD, slot);
            if (recorder != null && recorder.runtime == this) {
                SLOT.compareAndSet(RECORDERS_BY_THREAD, slot, recorder, null);
            }
            forgetRingOfThisRuntime(LOG_RINGS_BY_THREAD, slot);
            forgetRingOfThisRuntime(METRIC_RINGS_BY_THREAD, slot);
        }
    }

    private void forgetRingOfThisRuntime(final Ring[] table, final int slot) {
        final Ring ring = (Ring) RING_SLOT.getVolatile(table, slot);
        if (ring != null && ring.recorder.runtime == this) {
            RING_SLOT.compareAndSet(table, slot, ring, null);
        }
    }

    private static int slot(final Thread thread) {
        return (int) thread.getId() & (RECORDER_SLOTS - 1);
    }

    boolean enabled(final StreamKind kind) {
        return config.enabled().contains(kind);
    }

    private Recorder newRecorder() {
        final Recorder recorder = new Recorder(this, Thread.currentThread());
        collector.register(recorder);
        return recorder;
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

    /** Events the calling thread could not record because its rings were full, since it first recorded. */
    public long droppedEventsOfCurrentThread() {
        final Recorder recorder = recorders.get();
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
            if (Tracing.runtime == this) {
                Tracing.logThreshold = Tracing.OFF;
                Tracing.runtime = null;
            }
        }
        forgetAll();
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
        shutdown(Duration.ofSeconds(5));
    }

    private void runCollector() {
        collector.call(() -> config.sink().onProcessStarted(process));
        final IdleStrategy idle = new BackoffIdleStrategy(10, 10, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MILLISECONDS.toNanos(1));
        final long period = config.flushPeriod().toNanos();
        long nextSeal = System.nanoTime() + period;
        while (running) {
            final long requested = flushRequested;
            final int moved = collector.collect();
            final long now = System.nanoTime();
            if (now - nextSeal >= 0) {
                collector.sealAll();
                nextSeal = now + period;
            }
            if (requested > flushCompleted) {
                collector.sealAll();
                collector.call(config.sink()::flush);
                synchronized (flushMonitor) {
                    flushCompleted = requested;
                    flushMonitor.notifyAll();
                }
            }
            idle.idle(moved);
        }
        finish(shutdownDeadline);
        synchronized (flushMonitor) {
            flushCompleted = Long.MAX_VALUE;
            flushMonitor.notifyAll();
        }
    }

    private void finish(final Duration deadline) {
        collector.collect();
        collector.sealAll();
        collector.call(config.sink()::flush);
        collector.call(() -> config.sink().shutdown(deadline));
    }
}
