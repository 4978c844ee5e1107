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
    private int[] stack = new int[32];
    private int depth;

    SpanScope(final Recorder recorder) {
        this.recorder = recorder;
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
        if (recorder == null || depth == 0) {
            return;
        }
        recorder.spanEnd(stack[--depth]);
    }

    /** Open spans on this thread. */
    public int depth() {
        return depth;
    }
}
