package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.parquet.ParquetRow;
import io.lakeobs.functions.views.parquet.RowSink;
import io.lakeobs.transit.telemetry.SpanEvent;
import org.agrona.collections.Long2ObjectHashMap;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.ArrayDeque;
import java.util.Arrays;

import static io.lakeobs.functions.views.View.ThreadSpans.*;

/**
 * thread_spans rows: a thread's begin/end events nest by order, so an open-span stack turns them
 * into call trees; a row is written when a span ends. There is one stack per (stream, thread):
 * a platform thread's stream has one thread, while a stream that virtual threads share
 * interleaves several, told apart by its thread_switch events ({@link #switchTo}). The stacks
 * are carried from one block to the next of the same stream while the blocks chain
 * ({@link #continueWith}); at a gap they are dropped, so a span whose begin or end was not seen
 * is never invented. A span's id is its begin event's ordinal in the stream, plus one: stable
 * whichever block a run starts from; parent 0 is the root.
 */
final class ThreadSpansRows implements ParquetRow {
    private final RowSink file;
    private final BlockContext context;
    /** Open stacks of the current stream by thread id (no boxing); a stack is removed (and reused) once empty. */
    private final Long2ObjectHashMap<SpanStack> stacks = new Long2ObjectHashMap<>();
    private final ArrayDeque<SpanStack> free = new ArrayDeque<>();
    private SpanStack current;
    private long currentThread;
    private long nextOffset = -1;
    private Binary processId;
    private Binary streamId;
    private long droppedOpen;
    private long droppedEnds;
    // the span being written
    private SpanStack writing;
    private int row;
    private long endNanos;

    ThreadSpansRows(final RowSink file, final BlockContext context) {
        this.file = file;
        this.context = context;
    }

    /**
     * Called before each block of a span stream, blocks of a stream in object-offset order: keeps
     * the open stacks when the block starts where the previous one ended, else drops them. The
     * block's events are the stream's thread's until a thread_switch says otherwise.
     */
    void continueWith(final BlockMeta block, final boolean readable) {
        final boolean chained = streamId != null && streamId.equals(context.streamId) && processId.equals(context.processId)
            && block.objectOffset() == nextOffset;
        if (!chained || !readable) {
            for (final SpanStack stack : stacks.values()) {
                droppedOpen += stack.depth;
                stack.depth = 0;
                free.add(stack);
            }
            stacks.clear();
        }
        processId = context.processId;
        streamId = context.streamId;
        nextOffset = readable ? block.objectOffset() + block.objectCount() : -1;
        switchTo(context.threadId);
    }

    /** The events that follow are thread {@code threadId}'s. */
    void switchTo(final long threadId) {
        currentThread = threadId;
        current = stacks.get(threadId);
    }

    void onThreadSpan(final SpanEvent span, final long ordinal) {
        final long nanos = context.clock.toNanos(span.ticks());
        if (span.begin()) {
            if (current == null) {
                current = free.isEmpty() ? new SpanStack() : free.poll();
                stacks.put(currentThread, current);
            }
            current.push(ordinal + 1, nanos, context.cache.get(span.name()), context.cache.get(span.target()),
                context.cache.get(span.file()), span.line());
        } else if (current == null) {
            droppedEnds++;
        } else {
            current.depth--;
            writing = current;
            row = current.depth;
            endNanos = nanos;
            file.write(this);
            if (current.depth == 0) { // a finished virtual thread leaves nothing behind
                stacks.remove(currentThread);
                free.add(current);
                current = null;
            }
        }
    }

    /** Spans left open at a gap or at the end of the run (not written). */
    long droppedOpen() {
        long open = droppedOpen;
        for (final SpanStack stack : stacks.values()) {
            open += stack.depth;
        }
        return open;
    }

    /** Ends whose begin was not seen (before a gap or before the run). */
    long droppedEnds() {
        return droppedEnds;
    }

    @Override
    public void writeTo(final RecordConsumer consumer) {
        final BlockContext c = context;
        final SpanStack s = writing;
        final long begin = s.begins[row];
        PROCESS_ID.write(consumer, c.processId);
        STREAM_ID.write(consumer, c.streamId);
        THREAD_NAME.write(consumer, c.threadName);
        if (c.hasThreadId) {
            THREAD_ID.write(consumer, c.threadId);
        }
        ID.write(consumer, s.ids[row]);
        PARENT.write(consumer, row == 0 ? 0 : s.ids[row - 1]);
        DEPTH.write(consumer, row);
        BEGIN_TIME.write(consumer, BlockContext.micros(begin));
        END_TIME.write(consumer, BlockContext.micros(endNanos));
        BEGIN_NS.write(consumer, begin);
        END_NS.write(consumer, endNanos);
        DURATION_NS.write(consumer, endNanos - begin);
        NAME.write(consumer, s.names[row]);
        TARGET.write(consumer, s.targets[row]);
        SOURCE_FILE.write(consumer, s.files[row]);
        LINE.write(consumer, s.lines[row]);
    }

    /** One thread's open spans, innermost last. */
    private static final class SpanStack {
        long[] ids = new long[16];
        long[] begins = new long[16];
        Binary[] names = new Binary[16];
        Binary[] targets = new Binary[16];
        Binary[] files = new Binary[16];
        int[] lines = new int[16];
        int depth;

        void push(final long id, final long begin, final Binary name, final Binary target, final Binary file, final int line) {
            if (depth == ids.length) {
                grow();
            }
            ids[depth] = id;
            begins[depth] = begin;
            names[depth] = name;
            targets[depth] = target;
            files[depth] = file;
            lines[depth] = line;
            depth++;
        }

        private void grow() {
            final int size = ids.length * 2;
            ids = Arrays.copyOf(ids, size);
            begins = Arrays.copyOf(begins, size);
            names = Arrays.copyOf(names, size);
            targets = Arrays.copyOf(targets, size);
            files = Arrays.copyOf(files, size);
            lines = Arrays.copyOf(lines, size);
        }
    }
}
