package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.transit.layout.ObjectDescriptor;
import io.lakeobs.transit.telemetry.EventDescriptor;
import io.lakeobs.transit.telemetry.EventEncoder;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The collector's view of one stream: the raw events of the block being built, where the block
 * begins, how many events came before it, and the drops already reported. Owned by the
 * collector; application threads never touch it.
 */
final class StreamState {
    private static final EventFraming FRAMING = new EventFraming(TelemetryTypes.declarations());
    final StreamInfo info;
    /** The raw events of the block being built: in process memory, or mapped from the stream's file. */
    final MutableDirectBuffer events;
    /** The crash-safe file of the stream, or null. */
    final StreamFile file;
    /** Property set of the drop-count metric for this stream (null for a recovered one). */
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
    /**
     * A virtual-thread stripe's stream: its events belong to the thread of the last thread_switch
     * before them, so every block of it starts with one (copied from the ring, or added here).
     */
    private final boolean shared;
    /** The thread of a shared stream's last event so far ({@link VirtualStripes#NO_THREAD} before any). */
    private long currentThread = VirtualStripes.NO_THREAD;

    StreamState(final StreamInfo info, final long beginTicks, final PropertySet dropProperties, final StreamFile file) {
        this.info = info;
        this.file = file;
        this.events = file == null ? new ExpandableArrayBuffer(4096) : file.builder();
        this.beginTicks = beginTicks;
        this.lastTicks = beginTicks;
        this.dropProperties = dropProperties;
        this.shared = info.properties().containsKey(VirtualStripes.STRIPE_PROPERTY);
    }

    StreamKind kind() {
        return info.kind();
    }

    /** Appends {@code events} whole events, {@code bytes} long, the last one at {@code lastTime}. */
    void appendRun(final DirectBuffer source, final int index, final int bytes, final int events, final long lastTime) {
        if (shared) {
            if (length == 0 && currentThread != VirtualStripes.NO_THREAD
                && (source.getByte(index) & 0xFF) != TelemetryTypes.THREAD_SWITCH) {
                length = EventEncoder.threadSwitch(this.events, 0, currentThread, beginTicks);
                count++;
            }
            currentThread = lastThread(source, index, bytes, currentThread);
        }
        events(source, index, bytes);
        length += bytes;
        count += events;
        lastTicks = Math.max(lastTicks, lastTime);
    }

    /** The thread of the last thread_switch among the events {@code [index, index + bytes)}, else {@code current}. */
    private static long lastThread(final DirectBuffer source, final int index, final int bytes, final long current) {
        long thread = current;
        for (int at = index; at < index + bytes; at += FRAMING.length(source, at)) {
            if ((source.getByte(at) & 0xFF) == TelemetryTypes.THREAD_SWITCH) {
                thread = source.getLong(at + ObjectDescriptor.TYPE_LENGTH + EventDescriptor.THREAD_SWITCH_THREAD_OFFSET,
                    ByteOrder.LITTLE_ENDIAN);
            }
        }
        return thread;
    }

    private void events(final DirectBuffer source, final int index, final int bytes) {
        this.events.putBytes(length, source, index, bytes);
    }

    /**
     * A dead process's stream as its last checkpoint left it, for crash recovery: the builder's
     * {@code length} bytes ({@code count} events, a whole block in progress), and {@code thread},
     * the thread of the ring's events that follow ({@link #appendRun} starts the block with it
     * when the builder is empty).
     */
    static StreamState recovered(final StreamInfo info, final DirectBuffer builder, final int length, final int count,
                                 final long objectOffset, final long beginTicks, final long lastTicks, final long thread) {
        final StreamState stream = new StreamState(info, beginTicks, null, null);
        stream.events(builder, 0, length);
        stream.length = length;
        stream.count = count;
        stream.objectOffset = objectOffset;
        stream.lastTicks = lastTicks;
        stream.currentThread = thread;
        return stream;
    }

    /** Records in the stream's file, if any, what has not reached the sink yet. */
    void checkpoint() {
        if (file != null) {
            file.checkpoint(length, count, objectOffset, beginTicks, lastTicks, ringHead, currentThread);
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
