package io.lakeobs.tracing;

import io.lakeobs.transit.block.BlockSummarizer;
import io.lakeobs.transit.block.BlockSummary;
import io.lakeobs.transit.block.ObjectView;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.telemetry.EventDescriptor;
import io.lakeobs.transit.telemetry.SummaryCounts;
import io.lakeobs.transit.telemetry.TelemetrySummarizer;

import static io.lakeobs.transit.telemetry.TelemetryTypes.*;

/**
 * The collector's block summary: the same counts as transit's {@link TelemetrySummarizer} (which
 * readers run to check a header), computed faster for the streams tracing writes itself, whose
 * type ids are always {@code TelemetryTypes}': a static log's level comes from the registry's
 * level table instead of decoding its call site for every event. Streams with other
 * declarations fall back to transit's summarizer.
 */
final class TracingSummarizer implements BlockSummarizer {
    private final TelemetrySummarizer fallback = new TelemetrySummarizer();
    private boolean standard;
    private final SummaryCounts counts = new SummaryCounts();

    @Override
    public void reset(final StreamDeclarations declarations) {
        standard = declarations == io.lakeobs.transit.telemetry.TelemetryTypes.declarations();
        if (!standard) {
            fallback.reset(declarations);
        }
        counts.reset();
    }

    @Override
    public void onObject(final ObjectView object) {
        if (!standard) {
            fallback.onObject(object);
            return;
        }
        switch (object.type().typeId()) {
            case LOG_STATIC, LOG_ARGS, LOG_RECORD -> counts.log(Registry.INSTANCE.level(object.i32(EventDescriptor.ID_OFFSET)));
            case LOG_DYNAMIC -> counts.log(object.u8(EventDescriptor.LOG_DYNAMIC_LEVEL_OFFSET));
            case METRIC_INT, METRIC_FLOAT, METRIC_INT_PROPS, METRIC_FLOAT_PROPS -> counts.metric();
            case SPAN_BEGIN, SPAN_END, SPAN_NAMED_BEGIN, ASYNC_BEGIN, ASYNC_END -> counts.span();
            default -> counts.other();
        }
    }

    @Override
    public BlockSummary summary() {
        return standard ? counts.summary() : fallback.summary();
    }
}
