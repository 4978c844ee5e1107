package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.transit.telemetry.Level;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process-wide state of tracing, in one place so that {@link Tracing} is a plain facade and
 * {@link TracingRuntime} only a lifecycle: the installed runtime, the log threshold every log
 * call reads first, the source of async span ids, and the tables that take a call site from its
 * thread to that thread's recorder or ring.
 *
 * <p>The tables are direct-mapped by thread id: one load from a constant address (the index is
 * masked, so no bounds check either) and one compare of the thread, instead of a ThreadLocal
 * lookup (a hash probe and a weak-reference read) on every event. A collision or a miss falls
 * back to the runtime's ThreadLocal. Hits trust an entry whose final {@code thread} is the
 * caller; entries are added and removed with volatile operations, and a shutdown removes its
 * runtime's entries ({@link #forgetAll}) after uninstalling it, while a thread that added one
 * re-reads the installed runtime and takes it back if it changed, so no entry outlives its
 * runtime (a thread racing the shutdown itself may lose its events, as it always could). The
 * log and metric tables go one step further, to the ring itself (checked against its final
 * {@code thread}): those call sites need nothing but the ring, one object hop less per event.
 *
 * <p>Virtual threads never hit (no entry is made for them): on the miss path a virtual thread
 * (asked once per miss, {@link VirtualThreads}) gets null, and the call site records through
 * {@link #stripe} instead, so the hit path of platform threads is unchanged.
 */
final class Installation {
    /** A log threshold above every level: logs are off. */
    static final int OFF = Level.FATAL.code() + 1;

    /** Lowest level recorded now; read first by every log call. */
    static volatile int logThreshold = OFF;
    /** The installed runtime, or null. */
    static volatile TracingRuntime runtime;
    /**
     * The installed runtime's stripes ({@link VirtualStripes}), or null when none is installed or
     * the JVM has no virtual threads: a virtual thread's record reads this one field, not the
     * runtime, its stripes and their array one after the other.
     */
    static volatile Recorder[] stripes;
    /** Source of async span ids, handed out to threads in blocks. */
    static final AtomicLong SPAN_IDS = new AtomicLong(1);

    private static final int SLOTS = 1024;
    private static final Recorder[] RECORDERS_BY_THREAD = new Recorder[SLOTS];
    private static final Ring[] LOG_RINGS_BY_THREAD = new Ring[SLOTS];
    private static final Ring[] METRIC_RINGS_BY_THREAD = new Ring[SLOTS];
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Recorder[].class);
    private static final VarHandle RING_SLOT = MethodHandles.arrayElementVarHandle(Ring[].class);

    private Installation() {
    }

    /** The calling thread's recorder, registered on first use; null when tracing is not installed. */
    static Recorder recorder() {
        final Thread current = Thread.currentThread();
        final Recorder cached = RECORDERS_BY_THREAD[slot(current)];
        return cached != null && cached.thread == current ? cached : recorderOnMiss(current);
    }

    /** The calling thread's recorder if the installed runtime records spans; else null. */
    static Recorder spansRecorder() {
        final Recorder recorder = recorder();
        return recorder != null && recorder.spansEnabled ? recorder : null;
    }

    private static Recorder recorderOnMiss(final Thread current) {
        final TracingRuntime installed = runtime;
        // the static stripes, not installed.stripes (one load less); read after the runtime, whose
        // install writes them first, so they are the installed runtime's or, after its shutdown, null
        if (installed == null || stripes != null && VirtualThreads.isVirtual(current)) {
            return null; // a virtual thread records through its stripe (VirtualRecording)
        }
        final Recorder recorder = installed.threadRecorder();
        final int slot = slot(current);
        SLOT.setVolatile(RECORDERS_BY_THREAD, slot, recorder);
        if (runtime != installed) { // shut down meanwhile, maybe before it could see our entry
            SLOT.compareAndSet(RECORDERS_BY_THREAD, slot, recorder, null);
            return null;
        }
        return recorder;
    }

    /**
     * For a virtual thread, the ring of that kind of its stripe ({@link VirtualStripes}), taken and
     * ready for one event; the caller gives the stripe back ({@link VirtualStripes#release}). Null
     * when tracing is off, the kind is not recorded or the caller is not a virtual thread (whose own
     * lookups above then return null).
     */
    static Ring stripeRing(final StreamKind kind) {
        final Recorder[] installed = stripes;
        if (installed == null) {
            return null;
        }
        final Thread current = Thread.currentThread();
        return VirtualThreads.isVirtual(current) ? VirtualStripes.acquire(installed, current, kind) : null;
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
        if (stripes != null && VirtualThreads.isVirtual(current)) {
            return null; // records through its stripe (VirtualRecording); no recorder to look up
        }
        final Recorder recorder = recorder();
        final Ring ring = recorder == null ? null : recorder.ringToRecord(kind);
        if (ring == null) {
            return null;
        }
        final int slot = slot(current);
        RING_SLOT.setVolatile(table, slot, ring);
        if (runtime != recorder.runtime) { // shut down meanwhile, maybe before it could see our entry
            RING_SLOT.compareAndSet(table, slot, ring, null);
            return null;
        }
        return ring;
    }

    /** Whether the installed runtime records that kind; false when none is installed. */
    static boolean enabled(final StreamKind kind) {
        final TracingRuntime current = runtime;
        return current != null && current.enabled(kind);
    }

    /** Lets a dead thread's recorder (and its rings) be collected; called by the collector. */
    static void forget(final Recorder recorder) {
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

    /** Removes that runtime's recorders and rings from the tables, once it is uninstalled. */
    static void forgetAll(final TracingRuntime uninstalled) {
        for (int slot = 0; slot < SLOTS; slot++) {
            final Recorder recorder = (Recorder) SLOT.getVolatile(RECORDERS_BY_THREAD, slot);
            if (recorder != null && recorder.runtime == uninstalled) {
                SLOT.compareAndSet(RECORDERS_BY_THREAD, slot, recorder, null);
            }
            forgetRingOf(uninstalled, LOG_RINGS_BY_THREAD, slot);
            forgetRingOf(uninstalled, METRIC_RINGS_BY_THREAD, slot);
        }
    }

    private static void forgetRingOf(final TracingRuntime uninstalled, final Ring[] table, final int slot) {
        final Ring ring = (Ring) RING_SLOT.getVolatile(table, slot);
        if (ring != null && ring.recorder.runtime == uninstalled) {
            RING_SLOT.compareAndSet(table, slot, ring, null);
        }
    }

    private static int slot(final Thread thread) {
        return (int) thread.getId() & (SLOTS - 1);
    }
}
