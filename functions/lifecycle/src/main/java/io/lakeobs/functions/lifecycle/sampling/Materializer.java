package io.lakeobs.functions.lifecycle.sampling;

import java.util.UUID;

/**
 * Asks the on-demand ETL to build the views of a kept window (it is invoked, never copied): in AWS
 * an asynchronous invocation of the on-demand function, on the local stack a call of its handler.
 */
@FunctionalInterface
public interface Materializer {
    /** Requests the on-demand views of one process over [fromMillis, toMillis) of event time. */
    void materialize(UUID processId, long fromMillis, long toMillis);

    /** For deployments without materialization: a rule that asks for it fails the policy check instead. */
    Materializer NONE = (processId, from, to) -> {
        throw new IllegalStateException("no on-demand ETL function is configured to materialize kept windows");
    };
}
