package io.lakeobs.tracing;

/**
 * A floating-point measure (name, unit, target) registered once; {@link #record} stores one timestamped
 * value on the calling thread's metric stream: a clock read and a few stores, no lock, no
 * allocation. A no-op until tracing is installed.
 */
public final class FloatMetric implements Registry.Registered {
    private final int id;
    private final byte[] encoded;

    FloatMetric(final int id, final byte[] encoded) {
        this.id = id;
        this.encoded = encoded;
    }

    public int id() {
        return id;
    }

    public void record(final double value) {
        final Ring ring = Installation.metricsRing();
        if (ring != null) {
            RingEvents.metricFloat(ring, id, value);
        } else {
            VirtualRecording.metricFloat(id, value);
        }
    }

    /** Records with a property set (e.g. {@code {route=/orders}}) registered once with {@link Tracing#properties}. */
    public void record(final double value, final PropertySet properties) {
        final Ring ring = Installation.metricsRing();
        if (ring != null) {
            if (properties == null) {
                RingEvents.metricFloat(ring, id, value);
            } else {
                RingEvents.metricFloat(ring, id, properties.id(), value);
            }
        } else if (properties == null) {
            VirtualRecording.metricFloat(id, value);
        } else {
            VirtualRecording.metricFloat(id, properties.id(), value);
        }
    }

    @Override
    public byte[] encoded() {
        return encoded;
    }
}
