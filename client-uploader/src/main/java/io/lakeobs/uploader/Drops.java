package io.lakeobs.uploader;

import io.lakeobs.tracing.sink.StreamKind;

/**
 * Counts a dropped block in both places it must show: the {@link UploaderCounters} behind
 * {@link Uploader#stats()} and the {@link DropMetrics} that reach the backend, so the two never
 * disagree about why blocks were lost. Used by the upload loop's thread only.
 */
final class Drops {
    private final UploaderCounters counters;
    private final DropMetrics metrics = new DropMetrics();

    Drops(final UploaderCounters counters) {
        this.counters = counters;
    }

    void count(final int priority, final long events, final String reason) {
        counters.dropped(priority, events);
        metrics.record(kindTag(priority), reason, events);
    }

    /** Records as metrics the hand-over drops the sink counted on tracing's thread since the last call. */
    void reportQueueDrops() {
        for (int priority = 0; priority < 3; priority++) {
            final long events = counters.queueDroppedEvents[priority].getAndSet(0);
            if (events > 0) {
                metrics.record(kindTag(priority), "queue-full", events);
            }
        }
    }

    private static String kindTag(final int priority) {
        return StreamKind.values()[priority].tag();
    }
}
