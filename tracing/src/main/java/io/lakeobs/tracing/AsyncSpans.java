package io.lakeobs.tracing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Async spans for work that hops threads: each span has an id, its parent's id and a depth,
 * so the backend rebuilds the tree whatever threads ran it. The helpers here propagate the
 * current async span to the threads that run the work (a task sees its submitter's span as its
 * parent). They allocate a wrapper per task: they are for task granularity, not per event.
 */
public final class AsyncSpans {
    private AsyncSpans() {
    }

    /** The async span running on this thread (a platform or a virtual thread), 0 when none (or tracing is off). */
    public static long currentSpanId() {
        final AsyncContext context = AsyncContext.ofCurrentThread();
        return context == null ? 0 : context.spanId;
    }

    public static int currentDepth() {
        final AsyncContext context = AsyncContext.ofCurrentThread();
        return context == null ? 0 : context.depth;
    }

    /** An async span from now until {@code future} completes, child of this thread's current span. */
    public static <T> CompletableFuture<T> trace(final SpanSite site, final CompletableFuture<T> future) {
        final long parent = currentSpanId();
        final int depth = parent == 0 ? 0 : currentDepth() + 1;
        final long spanId = site.beginAsync(parent, depth);
        future.whenComplete((value, failure) -> site.endAsync(spanId, parent, depth));
        return future;
    }

    /** Runs {@code supplier} on {@code executor} inside an async span spanning submission to completion. */
    public static <T> CompletableFuture<T> supplyAsync(final SpanSite site, final Supplier<T> supplier, final Executor executor) {
        final long parent = currentSpanId();
        final int depth = parent == 0 ? 0 : currentDepth() + 1;
        final long spanId = site.beginAsync(parent, depth);
        return CompletableFuture.supplyAsync(() -> {
            final AsyncContext context = AsyncContext.ofCurrentThread();
            final long savedId = context == null ? 0 : context.spanId;
            final int savedDepth = context == null ? 0 : context.depth;
            set(context, spanId, depth);
            try {
                return supplier.get();
            } finally {
                set(context, savedId, savedDepth);
                site.endAsync(spanId, parent, depth);
            }
        }, executor);
    }

    /** An executor whose every task is an async span, child of the submitter's current span. */
    public static Executor wrap(final SpanSite site, final Executor executor) {
        return task -> {
            final long parent = currentSpanId();
            final int depth = parent == 0 ? 0 : currentDepth() + 1;
            executor.execute(() -> {
                final long spanId = site.beginAsync(parent, depth);
                final AsyncContext context = AsyncContext.ofCurrentThread();
                final long savedId = context == null ? 0 : context.spanId;
                final int savedDepth = context == null ? 0 : context.depth;
                set(context, spanId, depth);
                try {
                    task.run();
                } finally {
                    set(context, savedId, savedDepth);
                    site.endAsync(spanId, parent, depth);
                }
            });
        };
    }

    private static void set(final AsyncContext context, final long spanId, final int depth) {
        if (context != null) {
            context.spanId = spanId;
            context.depth = depth;
        }
    }
}
