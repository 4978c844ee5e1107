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

    /**
     * The events that follow in this block, up to the next switch, are thread {@code threadId}'s
     * rather than the stream's thread (streams that virtual threads share; see thread_switch in
     * docs/transit-format.md). Each block of such a stream starts with one.
     */
    default void onThreadSwitch(long threadId) {
    }

    /** Events of types this reader does not know; skipped by their declared size otherwise. */
    default void onOther(ObjectView object) {
    }
}
