package io.lakeobs.transit.block;

import java.util.UUID;

/**
 * Identity and time range of a block being encoded.
 *
 * @param processId writer process
 * @param streamId stream of the block
 * @param blockId unique id, kept across upload retries
 * @param beginTimeNanos wall time of the block's start (ns since the epoch)
 * @param endTimeNanos wall time of its end
 * @param beginTicks ticks since process start at its start
 * @param endTicks ticks since process start at its end
 * @param objectOffset events of the stream before this block
 */
public record BlockSpan(UUID processId, UUID streamId, UUID blockId, long beginTimeNanos, long endTimeNanos,
                        long beginTicks, long endTicks, long objectOffset) {
}
