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
        final OnDemandEtl.Request range = OnDemandEtlHandler.parse(Map.of("process_id", new java.util.UUID(0, 0).toString(),
            "from", input == null || input.get("from") == null ? "" : input.get("from"),
            "to", input == null || input.get("to") == null ? "" : input.get("to")));
        final Backfill.Report report = job.run(range.fromMillis(), range.toMillis());
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("rewritten", report.rewritten().size());
        out.put("blocks_read", report.blocksRead());
        out.put("skipped_blocks", report.skipped().stream().map(s -> s.blockId() + ": " + s.reason()).toList());
        return out;
    }
}
