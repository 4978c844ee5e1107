package io.lakeobs.tracing;

/**
 * A static span descriptor (name, target, file, line) registered once. Thread spans are recorded
 * with {@link #enter()} in try-with-resources, which returns the thread's one reusable
 * {@link SpanScope} (nothing allocated), or with {@link #begin()}/{@link #end()}. Async spans,
 * for work that hops threads, carry an explicit span id, parent id and depth. All methods are
 * no-ops until tracing is installed and never throw.
 *
 * <pre>{@code
 * static final SpanSite HANDLE = Tracing.spanSite("handle", "app.Server", "Server.java", 10);
 * try (SpanScope scope = HANDLE.enter()) { ... }
 * }</pre>
 */
public final class SpanSite implements Registry.Registered {
    private final int id;
    private final String name;
    private final byte[] encoded;

    SpanSite(final int id, final String name, final byte[] encoded) {
        this.id = id;
        this.name = name;
        this.encoded = encoded;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** Begins a thread span that the returned scope ends when closed. */
    public SpanScope enter() {
        final Recorder recorder = Installation.spansRecorder();
        if (recorder == null) {
            return VirtualRecording.enter(id, null);
        }
        recorder.spanBegin(id);
        return recorder.scope.push(id);
    }

    /** Like {@link #enter()} with a name chosen at run time (stored in the event, not interned). */
    public SpanScope enter(final CharSequence dynamicName) {
        final Recorder recorder = Installation.spansRecorder();
        if (recorder == null) {
            return VirtualRecording.enter(id, dynamicName == null ? "null" : dynamicName);
        }
        recorder.namedSpanBegin(id, dynamicName);
        return recorder.scope.push(id);
    }

    /** Begins a thread span; pair with {@link #end()} on the same thread. */
    public void begin() {
        final Recorder recorder = Installation.spansRecorder();
        if (recorder != null) {
            recorder.spanBegin(id);
        } else {
            VirtualRecording.spanBegin(id, null);
        }
    }

    /** Begins a thread span with a run-time name; pair with {@link #end()}. */
    public void begin(final CharSequence dynamicName) {
        final Recorder recorder = Installation.spansRecorder();
        if (recorder != null) {
            recorder.namedSpanBegin(id, dynamicName);
        } else {
            VirtualRecording.spanBegin(id, dynamicName == null ? "null" : dynamicName);
        }
    }

    public void end() {
        final Recorder recorder = Installation.spansRecorder();
        if (recorder != null) {
            recorder.spanEnd(id);
        } else {
            VirtualRecording.spanEnd(id);
        }
    }

    /**
     * Begins an async span under {@code parentId} (0 for a root) at {@code depth}.
     *
     * @return the new span's id, to pass to {@link #endAsync} and to children as their parent;
     *         0 when tracing is off
     */
    public long beginAsync(final long parentId, final int depth) {
        final Recorder recorder = Installation.spansRecorder();
        if (recorder == null) {
            return VirtualRecording.beginAsync(id, parentId, depth);
        }
        final long spanId = recorder.newSpanId();
        recorder.asyncBegin(id, spanId, parentId, depth);
        return spanId;
    }

    /** Ends an async span, on any thread. */
    public void endAsync(final long spanId, final long parentId, final int depth) {
        final Recorder recorder = Installation.spansRecorder();
        if (spanId == 0) {
            return;
        }
        if (recorder != null) {
            recorder.asyncEnd(id, spanId, parentId, depth);
        } else {
            VirtualRecording.endAsync(id, spanId, parentId, depth);
        }
    }

    @Override
    public byte[] encoded() {
        return encoded;
    }
}
