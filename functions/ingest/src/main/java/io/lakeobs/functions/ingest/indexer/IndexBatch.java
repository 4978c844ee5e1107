package io.lakeobs.functions.ingest.indexer;

import io.lakeobs.functions.core.metrics.Metric;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What indexing the objects of one event did: an outcome per object that went through, and the
 * objects that hit an infrastructure failure (the event must then be delivered again).
 */
public record IndexBatch(List<IndexOutcome> outcomes, int failed, RuntimeException failure) {
    /** The indexer's metrics for this event. */
    public Map<Metric, Integer> metrics() {
        final Map<Metric, Integer> counts = new EnumMap<>(Metric.class);
        counts.put(Metric.BLOCKS_INDEXED, count(IndexOutcome.INDEXED) + count(IndexOutcome.INDEXED_UNKNOWN_STREAM)
            + count(IndexOutcome.INDEXED_PARKED));
        counts.put(Metric.BLOCKS_PARKED, count(IndexOutcome.INDEXED_PARKED));
        counts.put(Metric.BLOCKS_QUARANTINED, count(IndexOutcome.QUARANTINED));
        counts.put(Metric.INDEX_FAILURES, failed);
        return counts;
    }

    /** Throws the first failure (the others suppressed in it), if any object failed. */
    public void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }

    private int count(final IndexOutcome outcome) {
        return (int) outcomes.stream().filter(outcome::equals).count();
    }
}
