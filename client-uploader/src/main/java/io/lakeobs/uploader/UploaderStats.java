package io.lakeobs.uploader;

/**
 * What the uploader did so far; a snapshot, consistent enough for reports and tests. Every
 * event is accounted for, so the loss can be computed from the stats alone: at any time
 * {@code eventsRecorded + eventsRecovered == eventsSent + eventsDropped + eventsDroppedByTracing
 * + pendingEvents} once the blocks handed over have been taken in (after {@code runUntilIdle()}
 * or shutdown), and after a shutdown the events lost are {@link #eventsLost()}.
 *
 * @param eventsRecorded events the application recorded in this run: those of every block tracing
 *        handed over (dropped or not) and those tracing could not record (a full ring)
 * @param eventsDroppedByTracing of those, the events tracing could not record: its rings were full
 * @param eventsRecovered events in the blocks of earlier runs found in the spool at start
 *
 * @param blocksSent blocks the backend accepted (PUT returned 2xx)
 * @param eventsSent events in those blocks
 * @param bytesSent bytes of those blocks
 * @param blocksDropped blocks given up: budget or spool cap exceeded, permanently refused, or lost at shutdown without a spool
 * @param eventsDropped events in those blocks
 * @param droppedLog blocks dropped by kind: logs
 * @param droppedMetrics blocks dropped by kind: metrics
 * @param droppedSpans blocks dropped by kind: spans
 * @param retries requests retried after a failure
 * @param presignedAgain blocks whose URL expired and was presigned again
 * @param registrations process and stream registrations sent (first or again)
 * @param spooledBlocks blocks written to the spool
 * @param recoveredBlocks blocks found in the spool at start
 * @param corruptSpoolFiles unreadable spool files deleted at start
 * @param pendingBlocks blocks not yet sent (in memory or spool)
 * @param pendingEvents events in those blocks
 * @param spoolBytes bytes in the spool now
 */
public record UploaderStats(long eventsRecorded, long eventsDroppedByTracing, long eventsRecovered, long blocksSent, long eventsSent, long bytesSent, long blocksDropped, long eventsDropped,
                            long droppedLog, long droppedMetrics, long droppedSpans, long retries, long presignedAgain,
                            long registrations, long spooledBlocks, long recoveredBlocks, long corruptSpoolFiles,
                            long pendingBlocks, long pendingEvents, long spoolBytes) {

    /** Events recorded (in this run or spooled by an earlier one) that were neither sent nor are still pending. */
    public long eventsLost() {
        return eventsRecorded + eventsRecovered - eventsSent - pendingEvents;
    }
}
