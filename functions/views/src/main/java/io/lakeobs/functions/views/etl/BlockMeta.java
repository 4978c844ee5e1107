package io.lakeobs.functions.views.etl;

import java.util.UUID;

/**
 * A block as the catalog lists it (the blocks table item): enough to fetch it, to order it in
 * its stream and to estimate times when the process clock frequency is unknown.
 *
 * @param insertTimeMillis server insert time: what partitions the views
 * @param beginTicks ticks relative to process start at the block's start (header)
 * @param objectOffset events of the stream before this block; chains consecutive blocks
 * @param objectKey S3 key of the block object
 */
public record BlockMeta(UUID blockId, UUID streamId, UUID processId, long insertTimeMillis,
                        long beginTimeNanos, long endTimeNanos, long beginTicks, long endTicks,
                        long objectOffset, int objectCount, long payloadSize, String objectKey,
                        int logCount, int metricCount, int spanCount) {
}
