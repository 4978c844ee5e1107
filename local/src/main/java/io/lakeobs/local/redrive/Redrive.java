package io.lakeobs.local.redrive;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Delivers the indexer's failed events again, oldest first, and removes each one the indexer
 * accepts. One that fails again stays in the queue (SQS shows it again after its visibility
 * timeout) and is reported with its error, once per run: a run stops when the queue shows only
 * events it already tried. Indexing is idempotent, so an event that had partly succeeded is safe
 * to deliver again.
 */
public final class Redrive {
    private static final int BATCH = 10;
    private final FailureQueue queue;
    private final Consumer<String> indexer;

    public Redrive(final FailureQueue queue, final Consumer<String> indexer) {
        this.queue = queue;
        this.indexer = indexer;
    }

    /** What a redrive did: events indexed and removed, and those that failed again, with why. */
    public record Report(int redriven, List<String> failures) {
    }

    /** Redrives until the queue shows nothing more or {@code maxEvents} were tried. */
    public Report run(final int maxEvents) {
        int redriven = 0;
        int tried = 0;
        final List<String> failures = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        while (tried < maxEvents) {
            final List<FailedEvent> batch = queue.receive(Math.min(BATCH, maxEvents - tried)).stream()
                .filter(event -> seen.add(event.id())).toList();
            if (batch.isEmpty()) {
                break; // nothing waiting, or only events this run already tried
            }
            for (final FailedEvent event : batch) {
                tried++;
                if (event.eventJson() == null) {
                    failures.add(event.id() + ": " + event.problem());
                    continue;
                }
                try {
                    indexer.accept(event.eventJson());
                } catch (final RuntimeException e) {
                    failures.add(event.id() + ": " + e.getMessage());
                    continue;
                }
                queue.delete(event);
                redriven++;
            }
        }
        return new Report(redriven, List.copyOf(failures));
    }
}
