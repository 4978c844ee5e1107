package io.lakeobs.functions.views;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.lakeobs.functions.core.metrics.Metric;
import io.lakeobs.functions.core.metrics.Metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EventBridge schedule (every minute): incremental global log_entries and measures, roll-ups,
 * garbage collection, then one EMF line (windows published, lag, skipped blocks). Run with reserved
 * concurrency 1: runs must not overlap.
 */
public final class ScheduledViewsHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    private final GlobalViews job;
    private final Metrics metrics;

    public ScheduledViewsHandler() {
        this(Holder.RUNTIME.global(), Metrics.fromEnv(System.getenv(), Metric.VIEWS));
    }

    public ScheduledViewsHandler(final GlobalViews job, final Metrics metrics) {
        this.job = job;
        this.metrics = metrics;
    }

    @Override
    public Map<String, Object> handleRequest(final ScheduledEvent event, final Context context) {
        final GlobalViews.Report report = job.run();
        metrics.emit(Map.of(Metric.VIEWS_WINDOWS_PUBLISHED, report.windowsWritten(),
            Metric.VIEWS_LAG, report.lagMillis() / 1000.0, Metric.BLOCKS_SKIPPED, report.skipped().size()));
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", report.fromMillis());
        out.put("to", report.toMillis());
        out.put("windows_written", report.windowsWritten());
        out.put("blocks_read", report.blocksRead());
        out.put("rollups", report.rollups());
        out.put("files_deleted", report.filesDeleted());
        out.put("partitions_rederived_at_raw_deadline", report.rederived());
        out.put("partitions_expired", report.expired());
        out.put("skipped_blocks", report.skipped().stream().map(s -> s.blockId() + ": " + s.reason()).toList());
        if (context != null && !report.skipped().isEmpty()) {
            context.getLogger().log("views: skipped " + report.skipped().size() + " blocks: " + out.get("skipped_blocks"));
        }
        return out;
    }

    /** Built once per container (and captured by SnapStart). */
    static final class Holder {
        static final ViewsRuntime RUNTIME = ViewsRuntime.fromEnv(System.getenv());
    }
}
