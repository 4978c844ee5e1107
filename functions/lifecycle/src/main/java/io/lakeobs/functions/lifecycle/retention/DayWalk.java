package io.lakeobs.functions.lifecycle.retention;

import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.retention.Deadlines;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One retention pass over a {@code by_insert_day} index: insert days from the job's stored
 * position up to a cutoff, shard by shard, page by page (a Query per day and shard, never a Scan).
 * Items the step finds expired are gathered and deleted in full batches; the position (moved only
 * forward) is written after each batch, at the item that filled it, so a run stopped anywhere
 * resumes right after what it finished, and a rerun or a second run at once only repeats deletes.
 */
final class DayWalk {
    private DayWalk() {
    }

    /** How one kind of item is listed, judged and deleted. */
    interface Step<T> {
        Iterable<List<T>> pages(long dayMillis, int shard, String after);

        String sortKey(T item);

        /** True if the item is past its deadline (it joins the batch). */
        boolean expired(T item);

        /** Deletes a batch: objects first, then items. */
        void delete(List<T> batch);
    }

    /** Items a run may still examine, and whether its time allows another page. */
    static final class Budget {
        private int items;
        private final BooleanSupplier hasTime;
        private boolean exhausted;

        Budget(final int items, final BooleanSupplier hasTime) {
            this.items = items;
            this.hasTime = hasTime;
        }

        /** True while the run may examine more. */
        boolean left() {
            return !exhausted && items > 0;
        }

        boolean take(final int examined) {
            items -= examined;
            exhausted = exhausted || items <= 0 || !hasTime.getAsBoolean();
            return !exhausted;
        }
    }

    /** What a walk did: from which day, items examined and expired, and whether it reached the cutoff. */
    record Result(long fromDayMillis, int examined, int expired, boolean caughtUp) {
    }

    /**
     * Walks days [max(position, oldest, floor), cutoff).
     *
     * @param oldest where a job without a position starts (and before which it never looks)
     * @param floor days before it belong to another pass
     */
    static <T> Result walk(final String job, final PartitionCatalog bookkeeping, final long oldest, final long floor,
                           final long cutoff, final int batchSize, final Budget budget, final boolean dryRun,
                           final Step<T> step) {
        RetentionPosition position = bookkeeping.position(job).map(RetentionPosition::parse)
            .filter(p -> p.dayMillis() >= oldest).orElse(RetentionPosition.startOf(oldest));
        if (position.dayMillis() < floor) {
            position = RetentionPosition.startOf(floor);
        }
        final long fromDay = position.dayMillis();
        final List<T> batch = new ArrayList<>();
        int examined = 0;
        int expired = 0;
        walk:
        while (position.dayMillis() < cutoff) {
            for (final List<T> page : step.pages(position.dayMillis(), position.shard(), position.after())) {
                for (final T item : page) {
                    examined++;
                    position = new RetentionPosition(position.dayMillis(), position.shard(), step.sortKey(item));
                    if (step.expired(item)) {
                        batch.add(item);
                        expired++;
                        if (batch.size() >= batchSize) {
                            flush(job, bookkeeping, dryRun, step, batch, position); // everything up to this item is done
                        }
                    }
                }
                if (!budget.take(page.size())) {
                    break walk;
                }
            }
            position = position.nextShard(Deadlines.DAY_MILLIS); // every page of this shard is done
        }
        flush(job, bookkeeping, dryRun, step, batch, position);
        return new Result(fromDay, examined, expired, position.dayMillis() >= cutoff);
    }

    private static <T> void flush(final String job, final PartitionCatalog bookkeeping, final boolean dryRun,
                                  final Step<T> step, final List<T> batch, final RetentionPosition done) {
        if (!dryRun) {
            if (!batch.isEmpty()) {
                step.delete(List.copyOf(batch));
            }
            bookkeeping.advancePosition(job, done.text());
        }
        batch.clear();
    }
}
