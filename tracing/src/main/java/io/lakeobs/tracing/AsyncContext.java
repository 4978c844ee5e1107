package io.lakeobs.tracing;

/**
 * The async span running on one thread (0 for none) and its depth, which {@link AsyncSpans}
 * reads as the parent of the work a thread submits and sets around the work it runs. A platform
 * thread keeps it in its recorder; a virtual thread, whose recorder is a shared stripe, keeps its
 * own in a thread-local ({@link VirtualRecording#asyncContext}), so that the parent follows the
 * work onto virtual threads as onto pool threads.
 */
final class AsyncContext {
    long spanId;
    int depth;

    /** The calling thread's, or null when tracing or its spans are off. */
    static AsyncContext ofCurrentThread() {
        final Recorder recorder = Installation.spansRecorder();
        return recorder != null ? recorder.async : VirtualRecording.asyncContext();
    }
}
