package io.lakeobs.uploader;

/**
 * What the uploader did so far; a snapshot, consistent enough for reports and tests.
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
 * @param spoolBytes bytes in the spool now
 */
public record UploaderStats(long blocksSent, long eventsSent, long bytesSent, long blocksDropped, long eventsDropped,
                            long droppedLog, long droppedMetrics, long droppedSpans, long retries, long presignedAgain,
                            long registrations, long spooledBlocks, long recoveredBlocks, long corruptSpoolFiles,
                            long pendingBlocks, long spoolBytes) {
}
