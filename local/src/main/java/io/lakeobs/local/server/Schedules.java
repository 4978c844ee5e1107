package io.lakeobs.local.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The scheduled functions of a local server on their template's schedules (views every minute,
 * sampler every 5 minutes, retention every hour), one at a time on one daemon thread. A run that
 * fails is reported and the schedule goes on, as EventBridge would invoke the function again.
 */
final class Schedules implements AutoCloseable {
    /** A scheduled function: its rule name, its period, and one run. */
    record Job(String name, Duration period, Runnable run) {
    }

    private final List<Job> jobs;
    private final Consumer<String> report;
    private ScheduledExecutorService executor;

    Schedules(final List<Job> jobs, final Consumer<String> report) {
        this.jobs = List.copyOf(jobs);
        this.report = report;
    }

    /** Runs every job now, in order (what {@code lakeobs up} does at start, and tests call). */
    void runAll() {
        jobs.forEach(this::runOnce);
    }

    /** Runs each job now (catching up after a restart), then every period. */
    synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "lakeobs-schedules");
            thread.setDaemon(true);
            return thread;
        });
        for (final Job job : jobs) {
            executor.scheduleAtFixedRate(() -> runOnce(job), 0, job.period().toMillis(),
                TimeUnit.MILLISECONDS);
        }
    }

    private void runOnce(final Job job) {
        try {
            job.run().run();
        } catch (final RuntimeException e) {
            report.accept("scheduled " + job.name() + " failed: " + e);
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (executor != null) {
            executor.shutdown(); // a run under way finishes: interrupting it would fail its S3 and DynamoDB calls
            if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        }
    }
}
