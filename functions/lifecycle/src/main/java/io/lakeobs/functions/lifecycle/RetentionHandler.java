package io.lakeobs.functions.lifecycle;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lakeobs.functions.core.metrics.Metric;
import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.functions.lifecycle.deletion.ProcessDeletion;
import io.lakeobs.functions.lifecycle.retention.Retention;
import io.lakeobs.functions.lifecycle.retention.RetentionPass;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The retention function. The hourly schedule sends its scheduled event: one bounded run of every
 * pass ({@link Retention}) that stops with two minutes of its 15 left, then one EMF line (blocks,
 * processes and orphans deleted; a failed run emits {@code RetentionFailures} and fails). A direct invocation {@code {"dry_run": true}} counts what
 * would be deleted and deletes nothing. {@code {"delete_process": "<id>", "dry_run": false}}
 * deletes all data of one process on request (see {@link ProcessDeletion}) and reports what it
 * removed. Run with reserved concurrency 1 (two at once are safe, just wasteful).
 */
public final class RetentionHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** Time kept in hand at the end of an invocation for the last batch and the cursor. */
    static final long RESERVE_MILLIS = 120_000;
    private final Retention retention;
    private final ProcessDeletion deletion;
    private final Metrics metrics;

    public RetentionHandler() {
        this(RuntimeHolder.RUNTIME.retention(), RuntimeHolder.RUNTIME.deletion(), Metrics.fromEnv(System.getenv(), Metric.RETENTION));
    }

    public RetentionHandler(final Retention retention, final ProcessDeletion deletion, final Metrics metrics) {
        this.retention = retention;
        this.deletion = deletion;
        this.metrics = metrics;
    }

    @Override
    public Map<String, Object> handleRequest(final Map<String, Object> input, final Context context) {
        if (input == null) {
            throw new IllegalArgumentException("retention takes a scheduled event or {\"dry_run\": true}");
        }
        final boolean dryRun = Boolean.TRUE.equals(input.get("dry_run"));
        if (input.containsKey("delete_process")) {
            return deleteProcess(input.get("delete_process"), dryRun, context);
        }
        if (!dryRun && !"Scheduled Event".equals(input.get("detail-type"))) {
            throw new IllegalArgumentException("unknown request: expected a scheduled event (detail-type 'Scheduled Event')"
                + " or {\"dry_run\": true}, got keys " + input.keySet());
        }
        final Retention.Report report;
        try {
            report = retention.run(dryRun, () -> context == null || context.getRemainingTimeInMillis() > RESERVE_MILLIS);
        } catch (final RuntimeException e) {
            metrics.emit(Map.of(Metric.RETENTION_FAILURES, 1)); // alarmed: data outlives its deadline until a run succeeds
            throw e;
        }
        if (!dryRun) {
            metrics.emit(Map.of(Metric.RETENTION_BLOCKS_DELETED, report.blocks().deleted(),
                Metric.RETENTION_PROCESSES_DELETED, report.processes() == null ? 0 : report.processes().expired(),
                Metric.RETENTION_ORPHANS_DELETED, report.orphans().expired(), Metric.RETENTION_FAILURES, 0));
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("dry_run", dryRun);
        out.put("kept_pass", pass(report.blocks().kept()));
        out.put("raw_pass", pass(report.blocks().raw()));
        out.put("quarantine_pass", pass(report.blocks().quarantine()));
        out.put("process_pass", report.processes() == null ? "waits for the block passes to catch up" : pass(report.processes()));
        out.put("orphan_pass", pass(report.orphans()));
        out.put("blocks_deleted", report.blocks().deleted());
        out.put("caught_up", report.caughtUp());
        if (context != null) {
            context.getLogger().log("retention" + (dryRun ? " (dry run)" : "") + ": " + out + "\n");
        }
        return out;
    }

    private Map<String, Object> deleteProcess(final Object id, final boolean dryRun, final Context context) {
        final UUID processId;
        try {
            processId = UUID.fromString(String.valueOf(id));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("delete_process is not a process id (UUID): '" + id + "'");
        }
        final ProcessDeletion.Report report = deletion.delete(processId, dryRun);
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("process_id", processId.toString());
        out.put("dry_run", dryRun);
        out.put("blocks", report.blocks());
        out.put("block_bytes", report.blockBytes());
        out.put("streams", report.streams());
        out.put("declaration_objects", report.declarationObjects());
        out.put("instance_partitions", report.instancePartitions());
        out.put("instance_files", report.instanceFiles());
        out.put("global_minutes_to_rederive", report.globalMinutes());
        out.put("tombstone_until", Instant.ofEpochMilli(report.tombstoneUntilMillis()).toString());
        out.put("run_again_after", Instant.ofEpochMilli(report.rerunAfterMillis()).toString());
        if (context != null) {
            context.getLogger().log("deletion on request" + (dryRun ? " (dry run)" : "") + ": " + out + "\n");
        }
        return out;
    }

    private static Map<String, Object> pass(final RetentionPass pass) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("from_day", Instant.ofEpochMilli(pass.fromDayMillis()).toString());
        out.put("cutoff_day", Instant.ofEpochMilli(pass.cutoffMillis()).toString());
        out.put("examined", pass.examined());
        out.put("expired", pass.expired());
        out.put("expired_bytes", pass.expiredBytes());
        out.put("caught_up", pass.caughtUp());
        return out;
    }
}
