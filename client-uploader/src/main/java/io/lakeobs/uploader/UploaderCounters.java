package io.lakeobs.uploader;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe counters behind {@link UploaderStats}. They stand apart from the loop's state
 * because other threads touch them: the sink counts hand-over drops on tracing's thread, and
 * {@link Uploader#stats()} reads them from any thread.
 */
final class UploaderCounters {
    final AtomicLong eventsRecorded = new AtomicLong();
    final AtomicLong eventsDroppedByTracing = new AtomicLong();
    final AtomicLong eventsRecovered = new AtomicLong();
    final AtomicLong blocksSent = new AtomicLong();
    final AtomicLong eventsSent = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong blocksDropped = new AtomicLong();
    final AtomicLong eventsDropped = new AtomicLong();
    final AtomicLong[] droppedByPriority = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    final AtomicLong[] queueDroppedEvents = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    final AtomicLong retries = new AtomicLong();
    final AtomicLong presignedAgain = new AtomicLong();
    final AtomicLong registrations = new AtomicLong();
    final AtomicLong spooled = new AtomicLong();
    final AtomicLong recovered = new AtomicLong();
    final AtomicLong corrupt = new AtomicLong();
    volatile long pendingBlocks;
    volatile long pendingEvents;
    volatile long spoolBytes;

    void sent(final PendingBlock block) {
        blocksSent.incrementAndGet();
        eventsSent.addAndGet(block.eventCount);
        bytesSent.addAndGet(block.length);
    }

    void dropped(final int priority, final long events) {
        blocksDropped.incrementAndGet();
        eventsDropped.addAndGet(events);
        droppedByPriority[priority].incrementAndGet();
    }

    UploaderStats snapshot(final long pendingNow, final long pendingEventsNow, final long spoolNow) {
        pendingBlocks = pendingNow;
        pendingEvents = pendingEventsNow;
        spoolBytes = spoolNow;
        return snapshot();
    }

    UploaderStats snapshot() {
        return new UploaderStats(eventsRecorded.get(), eventsDroppedByTracing.get(), eventsRecovered.get(), blocksSent.get(), eventsSent.get(), bytesSent.get(), blocksDropped.get(),
            eventsDropped.get(), droppedByPriority[0].get(), droppedByPriority[1].get(), droppedByPriority[2].get(),
            retries.get(), presignedAgain.get(), registrations.get(), spooled.get(), recovered.get(), corrupt.get(),
            pendingBlocks, pendingEvents, spoolBytes);
    }
}
