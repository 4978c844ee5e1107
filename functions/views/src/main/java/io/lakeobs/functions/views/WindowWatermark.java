package io.lakeobs.functions.views;

import io.lakeobs.functions.core.partitions.PartitionCatalog;

import java.util.Optional;
import java.util.TreeSet;

/**
 * A job's watermark moved window by window: as soon as a window is published (its files and
 * manifests written), the watermark moves to the end of the longest run of published windows from
 * the first window of the run, forward only and conditionally ({@link PartitionCatalog#advanceWatermark}:
 * a late or concurrent run never moves it back). A slow or failing window therefore holds back only
 * itself: windows before it are recorded as done at once, windows after it as soon as it completes,
 * in whatever order windows complete (parallel workers). Not thread-safe: the coordinator calls it.
 */
final class WindowWatermark {
    private final PartitionCatalog partitions;
    private final String job;
    private final long window;
    private final TreeSet<Long> done = new TreeSet<>();
    private long next;
    private long stored;

    /**
     * @param stored the job's watermark read at the start of the run (empty: none yet)
     * @param first the begin of the run's first window
     * @param window the windows' length, ms
     */
    WindowWatermark(final PartitionCatalog partitions, final String job, final Optional<Long> stored, final long first,
                    final long window) {
        if (window <= 0) {
            throw new IllegalArgumentException("window length must be positive, was " + window);
        }
        this.partitions = partitions;
        this.job = job;
        this.window = window;
        this.next = first;
        this.stored = stored.orElse(Long.MIN_VALUE);
    }

    /** The window beginning at {@code begin} is published; returns the watermark now known. */
    long published(final long begin) {
        if (begin < next || (begin - next) % window != 0) {
            throw new IllegalArgumentException("window " + begin + " is not a pending window of this run (next " + next
                + ", length " + window + ")");
        }
        done.add(begin);
        final long before = next;
        while (!done.isEmpty() && done.first() == next) {
            done.pollFirst();
            next += window;
        }
        if (next > before && next > stored) {
            partitions.advanceWatermark(job, next);
            stored = next;
        }
        return stored;
    }
}
