package io.lakeobs.tracing.sink;

/**
 * The three kinds of stream a thread writes, in upload priority order: logs before metrics
 * before spans (spans are the most voluminous and the least urgent).
 */
public enum StreamKind {
    LOG("log"),
    METRICS("metrics"),
    SPANS("cpu");

    private final String tag;

    StreamKind(final String tag) {
        this.tag = tag;
    }

    /** The stream tag stored with the stream metadata ({@code "log"}, {@code "metrics"}, {@code "cpu"}). */
    public String tag() {
        return tag;
    }

    /** Upload priority: 0 is the most urgent. */
    public int priority() {
        return ordinal();
    }
}
