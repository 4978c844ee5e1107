package io.lakeobs.tracing;

/**
 * An integer measure (name, unit, target) registered once; {@link #record} stores one timestamped
 * value on the calling thread's metric stream: a clock read and a few stores, no lock, no
 * allocation. A no-op until tracing is installed.
 */
public final class IntMetric implements Registry.Registered {
    private final int id;
    private final byte[] encoded;

    IntMetric(final int id, final byte[] encoded) {
        this.id = id;
        this.encoded = encoded;
    }

    public int id() {
        return id;
    }

    public void record(final long value) {
        final Ring ring = Installation.metricsRing();
        if (ring != null) {
            RingEvents.metricInt(ring, id, value);
        } else {
            VirtualRecording.metricInt(id, value);
        }
    }

    /** Records with a property set (e.g. {@code {route=/orders}}) registered once with {@link Tracing#properties}. */
    public void record(final long value, final PropertySet properties) {
        final Ring ring = Installation.metricsRing();
        if (ring != null) {
            if (properties == null) {
                RingEvents.metricInt(ring, id, value);
            } else {
                RingEvents.metricInt(ring, id, properties.id(), value);
            }
        } else if (properties == null) {
            VirtualRecording.metricInt(id, value);
        } else {
            VirtualRecording.metricInt(id, properties.id(), value);
        }
    }

    @Override
    public byte[] encoded() {
        return encoded;
    }
}
