package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.tracing.sink.StreamKind;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The collector's view of one stream: the raw events of the block being built, where the block
 * begins, how many events came before it, and the drops already reported. Owned by the
 * collector; application threads never touch it.
 */
final class StreamState {
    final StreamInfo info;
    /** The raw events of the block being built: in process memory, or mapped from the stream's file. */
    final MutableDirectBuffer events;
    /** The crash-safe file of the stream, or null. */
    final StreamFile file;
    /** Property set of the drop-count metric for this stream. */
    final PropertySet dropProperties;
    int length;
    int count;
    long objectOffset;
    long beginTicks;
    long lastTicks;
    long droppedReported;
    boolean announced;
    /** The ring position up to which events are in this block or sealed ones (for the checkpoint). */
    long ringHead;
    /** Events moved out of the ring but not into a block yet (never for a mapped ring). */
    final Backlog backlog = new Backlog();

    StreamState(final StreamInfo info, final long beginTicks, final PropertySet dropProperties, final StreamFile file) {
        this.info = info;
        this.file = file;
        this.events = file == null ? new ExpandableArrayBuffer(4096) : file.builder();
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

    /** Records in the stream's file, if any, what has not reached the sink yet. */
    void checkpoint() {
        if (file != null) {
            file.checkpoint(length, count, objectOffset, beginTicks, lastTicks, ringHead);
        }
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
