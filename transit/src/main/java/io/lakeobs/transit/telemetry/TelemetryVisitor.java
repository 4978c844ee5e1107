package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.block.ObjectView;

/** Receives the decoded telemetry of a block, event by event, in recorded order. */
public interface TelemetryVisitor {
    default void onLog(LogEvent log) {
    }

    default void onMeasure(MeasureEvent measure) {
    }

    default void onSpan(SpanEvent span) {
    }

    /** Events of types this reader does not know; skipped by their declared size otherwise. */
    default void onOther(ObjectView object) {
    }
}
