package io.lakeobs.functions.views.etl;

/**
 * Converts raw clock ticks to wall time in ns: {@code start_time + (ticks - start_ticks) * 1e9 / frequency}
 * when the process knows its clock frequency; otherwise by linear interpolation inside the
 * block's header range (header ticks are relative to process start), which is exact at the
 * block's ends and as good as the clock's linearity in between.
 */
final class TickClock {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private long startTime;
    private long startTicks;
    private long frequency;
    private long blockBeginTime;
    private long blockBeginTicks;
    private double nanosPerTick;

    void reset(final ProcessMeta process, final BlockMeta block) {
        startTime = process.startTimeNanos();
        startTicks = process.startTicks();
        frequency = process.ticksPerSecond();
        blockBeginTime = block.beginTimeNanos();
        blockBeginTicks = block.beginTicks();
        final long spanTicks = block.endTicks() - block.beginTicks();
        nanosPerTick = spanTicks <= 0 ? 0 : (double) (block.endTimeNanos() - block.beginTimeNanos()) / spanTicks;
    }

    long toNanos(final long ticks) {
        final long delta = ticks - startTicks;
        if (frequency > 0) {
            if (frequency == NANOS_PER_SECOND) {
                return startTime + delta;
            }
            if (frequency <= 9_000_000_000L) {
                return startTime + Math.floorDiv(delta, frequency) * NANOS_PER_SECOND
                    + Math.floorMod(delta, frequency) * NANOS_PER_SECOND / frequency;
            }
            return startTime + (long) (delta * ((double) NANOS_PER_SECOND / frequency));
        }
        return blockBeginTime + (long) ((delta - blockBeginTicks) * nanosPerTick);
    }
}
