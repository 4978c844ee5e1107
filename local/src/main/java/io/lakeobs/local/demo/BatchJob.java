package io.lakeobs.local.demo;

import io.lakeobs.tracing.IntMetric;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.uploader.Uploader;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/**
 * A second, uneventful process for the demo's lifecycle: a nightly import that logs and measures
 * but never fails, so no sampling rule keeps it and retention deletes it at the raw deadline.
 * Its call sites' targets start with {@value #TARGET_PREFIX}, apart from the main workload's.
 */
final class BatchJob {
    static final String TARGET_PREFIX = "batch.";
    static final String APP = "lakeobs-batch-job";
    private static final LogCallSite IMPORTED = Tracing.logSite(Level.INFO, "batch.import", "imported row {}",
        "BatchJob.java", 40);
    private static final IntMetric ROWS = Tracing.intMetric("batch.rows", "rows", "batch.import");

    private BatchJob() {
    }

    /** Runs the job as its own process through the uploader; returns its process id. */
    static UUID run(final URI ingest, final String apiKey, final int rows) {
        final Uploader uploader = Uploader.builder().endpoint(ingest).apiKey(apiKey).build();
        final TracingRuntime tracing = uploader.configure(Tracing.builder()).processProperty("app", APP)
            .shutdownHook(false).install();
        try {
            for (int row = 0; row < rows; row++) {
                IMPORTED.log(row);
                ROWS.record(row);
            }
        } finally {
            tracing.shutdown(Duration.ofSeconds(60));
        }
        return tracing.processInfo().processId();
    }
}
