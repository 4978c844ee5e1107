package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.tracing.sink.StreamKind;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The collector's view of one stream: the raw events of the block being built, where the block
 * begins, how many events came before it, and the drops already reported. Owned by the
 * collector; application threads never touch it.
 */
final class StreamState {
    final StreamInfo info;
    final ExpandableArrayBuffer events = new ExpandableArrayBuffer(4096);
    /** Property set of the drop-count metric for this stream. */
    final PropertySet dropProperties;
    int length;
    int count;
    long objectOffset;
    long beginTicks;
    long lastTicks;
    long droppedReported;
    boolean announced;

    StreamState(final StreamInfo info, final long beginTicks, final PropertySet dropProperties) {
        this.info = info;
        this.beginTicks = beginTicks;
        this.lastTicks = beginTicks;
        this.dropProperties = dropProperties;
    }

    StreamKind kind() {
        return info.kind();
    }

    /** Appends {@code events} whole events, {@code bytes} long, the last one at {@code lastTime}. */
    void appendRun(final DirectBuffer source, final int index, final int bytes, final int events, final long lastTime) {
        events(source, index, bytes);
        length += bytes;
        count += events;
        lastTicks = Math.max(lastTicks, lastTime);
    }

    private void events(final DirectBuffer source, final int index, final int bytes) {
        this.events.putBytes(length, source, index, bytes);
    }

    /** Called after a block was cut: the next one begins where this one ended. */
    void sealed(final long endTicks) {
        objectOffset += count;
        count = 0;
        length = 0;
        beginTicks = endTicks;
        lastTicks = endTicks;
    }
}
