package io.lakeobs.functions.views.split;

/**
 * How the coordinator has a part derived: one synchronous invocation of the worker function (on
 * AWS, {@link LambdaViewWorkers}; locally, the same handler in-process). It throws when the
 * invocation failed; the coordinator retries and runs several at once ({@link PartRunner}).
 */
@FunctionalInterface
public interface ViewWorkers {
    PartResult run(PartRequest request);
}
