package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.block.BlockSummarizer;
import io.lakeobs.transit.block.BlockSummary;
import io.lakeobs.transit.block.ObjectView;
import io.lakeobs.transit.layout.MemberType;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.layout.TypeDeclaration;

/**
 * Counts a block's events by kind and finds its most severe log level, reading the level of
 * static logs from their call site. The encoder runs it on the sink thread; readers can run it
 * again to check a header's summary.
 */
public final class TelemetrySummarizer implements BlockSummarizer {
    private final ObjectView callSite = new ObjectView();
    private TelemetryLayout layout;
    private int callSiteLevelOffset;
    private TypeDeclaration callSiteType;
    private final SummaryCounts counts = new SummaryCounts();

    @Override
    public void reset(final StreamDeclarations declarations) {
        if (layout == null || layout.declarations != declarations) {
            layout = new TelemetryLayout(declarations);
            final TypeDeclaration site = declarations.type("log_call_site");
            callSiteType = site;
            callSiteLevelOffset = site == null ? -1 : TelemetryLayout.offset(site, "level", MemberType.U8);
        }
        counts.reset();
    }

    @Override
    public void onObject(final ObjectView object) {
        final int typeId = object.type().typeId();
        final TelemetryLayout.Kind kind = layout.kinds[typeId];
        if (TelemetryLayout.isLog(kind)) {
            counts.log(levelOf(object, kind, typeId));
        } else if (TelemetryLayout.isMetric(kind)) {
            counts.metric();
        } else if (TelemetryLayout.isSpan(kind)) {
            counts.span();
        } else {
            counts.other();
        }
    }

    private int levelOf(final ObjectView object, final TelemetryLayout.Kind kind, final int typeId) {
        if (kind == TelemetryLayout.Kind.LOG_DYNAMIC) {
            return layout.level[typeId] < 0 ? 0 : object.u8(layout.level[typeId]);
        }
        if (callSiteLevelOffset < 0 || layout.reference[typeId] < 0) {
            return 0;
        }
        final ObjectView site = object.dependency(object.i32(layout.reference[typeId]), callSite);
        return site.type() == callSiteType ? site.u8(callSiteLevelOffset) : 0;
    }

    @Override
    public BlockSummary summary() {
        return counts.summary();
    }
}
