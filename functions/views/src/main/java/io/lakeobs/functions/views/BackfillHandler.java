package io.lakeobs.functions.views;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.LinkedHashMap;
import java.util.Map;

/** Direct invocation after a schema bump: {@code {"from": ..., "to": ...}} (ISO-8601 or epoch ms). */
public final class BackfillHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Backfill job;

    public BackfillHandler() {
        this(ScheduledViewsHandler.Holder.RUNTIME.backfill());
    }

    public BackfillHandler(final Backfill job) {
        this.job = job;
    }

    @Override
    public Map<String, Object> handleRequest(final Map<String, Object> input, final Context context) {
        if (input == null) {
            throw new IllegalArgumentException("request body is required: {\"from\": ..., \"to\": ...}");
        }
        final Backfill.Report report = job.run(OnDemandEtlHandler.time(input, "from"), OnDemandEtlHandler.time(input, "to"));
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("rewritten", report.rewritten().size());
        out.put("kept_at_old_version", report.keptOld().stream()
            .map(p -> p.view() + " [" + p.beginMillis() + ", " + p.endMillis() + ") v" + p.schemaVersion()).toList());
        out.put("blocks_read", report.blocksRead());
        out.put("skipped_blocks", report.skipped().stream().map(s -> s.blockId() + ": " + s.reason()).toList());
        return out;
    }
}
