package io.lakeobs.local.redrive;

import java.util.List;

/**
 * Where the indexer's failed events wait: the stack's SQS failure queue, or the embedded stack's
 * list of events that exhausted their attempts. Receiving hides an event for a while (SQS
 * visibility); deleting it is what a successful redrive does.
 */
public interface FailureQueue {
    /** Up to {@code max} events; empty when none is waiting. */
    List<FailedEvent> receive(int max);

    void delete(FailedEvent event);
}
