package io.lakeobs.transit.telemetry;

/** A decoded span begin or end, thread or async, reused for every span event of a block. */
public final class SpanEvent {
    boolean begin;
    boolean async;
    long ticks;
    String name;
    String target;
    String file;
    int line;
    long spanId;
    long parentId;
    int depth;

    public boolean begin() {
        return begin;
    }

    /** True for async spans, which carry ids; thread spans nest by order within their stream. */
    public boolean async() {
        return async;
    }

    public long ticks() {
        return ticks;
    }

    /** The descriptor's name, or the dynamic name of a named span. */
    public String name() {
        return name;
    }

    public String target() {
        return target;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public long spanId() {
        return spanId;
    }

    public long parentId() {
        return parentId;
    }

    public int depth() {
        return depth;
    }
}
