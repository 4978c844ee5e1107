package io.lakeobs.functions.views.split;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a window's parts on the workers, {@code parallelism} at once, each invoked up to
 * {@code attempts} times (a worker's files go under the part's own key, so a retried part simply
 * writes them again). Returns the results in part order, or throws when a part failed every
 * attempt, naming it; nothing is published then (the window stays as it was, and the next run
 * splits and tries it again).
 */
public final class PartRunner {
    private final ViewWorkers workers;
    private final SplitSettings settings;

    public PartRunner(final ViewWorkers workers, final SplitSettings settings) {
        this.workers = workers;
        this.settings = settings;
    }

    public List<PartResult> run(final List<PartRequest> requests) {
        final ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.parallelism(), requests.size()), r -> {
            final Thread thread = new Thread(r, "view-part");
            thread.setDaemon(true);
            return thread;
        });
        try {
            final List<Future<PartResult>> futures = new ArrayList<>();
            for (final PartRequest request : requests) {
                futures.add(pool.submit(() -> attempt(request)));
            }
            final List<PartResult> results = new ArrayList<>();
            for (final Future<PartResult> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (final ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while view parts ran", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private PartResult attempt(final PartRequest request) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            try {
                final PartResult result = workers.run(request);
                if (result.part() != request.part()) {
                    throw new IllegalStateException("worker answered part " + result.part() + " for part " + request.part());
                }
                return result;
            } catch (final RuntimeException e) {
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
            }
        }
        throw new IllegalStateException("view part " + request.part() + " of " + request.parts() + " of window "
            + request.beginMillis() + " failed " + settings.attempts() + " attempt(s): " + last.getMessage(), last);
    }
}
