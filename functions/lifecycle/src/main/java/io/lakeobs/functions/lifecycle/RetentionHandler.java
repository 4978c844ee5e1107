package io.lakeobs.functions.lifecycle;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lakeobs.functions.lifecycle.retention.BlockRetention;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The retention function. The hourly schedule sends its scheduled event: one bounded run that
 * stops with a minute of its 15 left. A direct invocation {@code {"dry_run": true}} counts what
 * would be deleted and deletes nothing. Run with reserved concurrency 1 (two at once are safe, just wasteful).
 */
public final class RetentionHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** Time kept in hand at the end of an invocation for the last batch and the cursor. */
    static final long RESERVE_MILLIS = 120_000;
    private final BlockRetention retention;

    public RetentionHandler() {
        this(RuntimeHolder.RUNTIME.retention());
    }

    public RetentionHandler(final BlockRetention retention) {
        this.retention = retention;
    }

    @Override
    public Map<String, Object> handleRequest(final Map<String, Object> input, final Context context) {
        if (input == null) {
            throw new IllegalArgumentException("retention takes a scheduled event or {\"dry_run\": true}");
        }
        final boolean dryRun = Boolean.TRUE.equals(input.get("dry_run"));
        if (!dryRun && !"Scheduled Event".equals(input.get("detail-type"))) {
            throw new IllegalArgumentException("unknown request: expected a scheduled event (detail-type 'Scheduled Event')"
                + " or {\"dry_run\": true}, got keys " + input.keySet());
        }
        final BlockRetention.Report report = retention.run(dryRun,
            () -> context == null || context.getRemainingTimeInMillis() > RESERVE_MILLIS);
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("dry_run", dryRun);
        out.put("kept_pass", pass(report.kept()));
        out.put("raw_pass", pass(report.raw()));
        out.put("blocks_deleted", report.deleted());
        if (context != null) {
            context.getLogger().log("retention" + (dryRun ? " (dry run)" : "") + ": " + out + "\n");
        }
        return out;
    }

    private static Map<String, Object> pass(final BlockRetention.Pass pass) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("from_day", Instant.ofEpochMilli(pass.fromDayMillis()).toString());
        out.put("cutoff_day", Instant.ofEpochMilli(pass.cutoffMillis()).toString());
        out.put("blocks_examined", pass.blocksExamined());
        out.put("expired", pass.expired());
        out.put("expired_bytes", pass.expiredBytes());
        out.put("caught_up", pass.caughtUp());
        return out;
    }
}
