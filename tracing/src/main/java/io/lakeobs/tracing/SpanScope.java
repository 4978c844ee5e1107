package io.lakeobs.tracing;

import java.util.Arrays;

/**
 * The end of the innermost thread span opened with {@link SpanSite#enter()}. One instance per
 * thread, reused for every span (a small stack of span ids inside), so try-with-resources
 * allocates nothing. Close scopes in the reverse order of entering them, on the same thread.
 */
public final class SpanScope implements AutoCloseable {
    static final SpanScope NOOP = new SpanScope(null);

    private final Recorder recorder;
    private int[] stack;
    private int depth;

    SpanScope(final Recorder recorder) {
        this(recorder, 32);
    }

    /** @param recorder the thread's recorder, or null for a virtual thread's scope (ends go through its stripe) */
    SpanScope(final Recorder recorder, final int capacity) {
        this.recorder = recorder;
        this.stack = new int[capacity];
    }

    SpanScope push(final int span) {
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2); // deep recursion only; amortised away
        }
        stack[depth++] = span;
        return this;
    }

    /** Ends the innermost open span; a no-op when none is open. Never throws. */
    @Override
    public void close() {
        if (depth == 0) { // always so for NOOP, which is never pushed
            return;
        }
        if (recorder != null) {
            recorder.spanEnd(stack[--depth]);
        } else {
            VirtualRecording.spanEnd(stack[--depth]);
        }
    }

    /** Open spans on this thread. */
    public int depth() {
        return depth;
    }
}
