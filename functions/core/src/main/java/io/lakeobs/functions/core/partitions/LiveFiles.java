package io.lakeobs.functions.core.partitions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the files a query must see from a scope's partition items: live items with rows, and,
 * where live windows overlap (a roll-up written but its children not yet marked superseded, e.g.
 * after a crash between the two writes), only the widest window, so no row is ever counted twice.
 */
public final class LiveFiles {
    private LiveFiles() {
    }

    public static List<Partition> select(final List<Partition> items) {
        final List<Partition> live = new ArrayList<>();
        for (final Partition p : items) {
            if (p.live()) {
                live.add(p);
            }
        }
        live.sort(Comparator.comparingLong(Partition::span).reversed().thenComparingLong(Partition::beginMillis));
        final List<Partition> chosen = new ArrayList<>();
        for (final Partition p : live) {
            if (chosen.stream().noneMatch(p::overlaps)) {
                chosen.add(p);
            }
        }
        chosen.removeIf(p -> p.fileKey() == null || p.rows() == 0);
        chosen.sort(Comparator.comparingLong(Partition::beginMillis));
        return chosen;
    }

    /** The live items, in window order. */
    public static List<Partition> liveItems(final List<Partition> items) {
        return items.stream().filter(Partition::live).sorted(Comparator.comparingLong(Partition::beginMillis)).toList();
    }

    /** Partitions that overlap a chosen wider one although live: a roll-up's children to retire. */
    public static List<Partition> shadowed(final List<Partition> items) {
        final List<Partition> chosenAll = new ArrayList<>();
        final List<Partition> live = new ArrayList<>(items.stream().filter(Partition::live).toList());
        live.sort(Comparator.comparingLong(Partition::span).reversed().thenComparingLong(Partition::beginMillis));
        final List<Partition> shadowed = new ArrayList<>();
        for (final Partition p : live) {
            if (chosenAll.stream().anyMatch(p::overlaps)) {
                shadowed.add(p);
            } else {
                chosenAll.add(p);
            }
        }
        return shadowed;
    }
}
