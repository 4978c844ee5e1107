package io.lakeobs.transit.telemetry;

import java.util.Map;

/** A decoded metric value, reused for every metric of a block: copy what you keep. */
public final class MeasureEvent {
    long ticks;
    String name;
    String unit;
    String target;
    boolean floating;
    long longValue;
    double doubleValue;
    Map<String, String> properties = Map.of();

    public long ticks() {
        return ticks;
    }

    public String name() {
        return name;
    }

    public String unit() {
        return unit;
    }

    public String target() {
        return target;
    }

    /** True for a float metric, whose value is {@link #doubleValue()}. */
    public boolean floating() {
        return floating;
    }

    public long longValue() {
        return longValue;
    }

    public double doubleValue() {
        return doubleValue;
    }

    /** The value as a double, whichever kind it was recorded as. */
    public double value() {
        return floating ? doubleValue : longValue;
    }

    /** The event's property set; empty when it has none. */
    public Map<String, String> properties() {
        return properties;
    }
}
