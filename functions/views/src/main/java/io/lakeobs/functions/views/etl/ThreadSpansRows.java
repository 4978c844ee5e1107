package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.parquet.ParquetRow;
import io.lakeobs.functions.views.parquet.RowSink;
import io.lakeobs.transit.telemetry.SpanEvent;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.Arrays;

import static io.lakeobs.functions.views.View.ThreadSpans.*;

/**
 * thread_spans rows: a thread's begin/end events nest by order, so an open-span stack turns them
 * into call trees; a row is written when a span ends. The stack is carried from one block to the
 * next of the same stream while the blocks chain ({@link #continueWith}); at a gap it is dropped,
 * so a span whose begin or end was not seen is never invented. A span's id is its begin event's
 * ordinal in the stream, plus one: stable whichever block a run starts from; parent 0 is the root.
 */
final class ThreadSpansRows implements ParquetRow {
    private final RowSink file;
    private final BlockContext context;
    private long[] ids = new long[64];
    private long[] begins = new long[64];
    private Binary[] names = new Binary[64];
    private Binary[] targets = new Binary[64];
    private Binary[] files = new Binary[64];
    private int[] lines = new int[64];
    private int depth;
    private long nextOffset = -1;
    private Binary processId;
    private Binary streamId;
    private long droppedOpen;
    private long droppedEnds;
    // the span being written
    private int row;
    private long endNanos;

    ThreadSpansRows(final RowSink file, final BlockContext context) {
        this.file = file;
        this.context = context;
    }

    /**
     * Called before each block of a span stream, blocks of a stream in object-offset order: keeps
     * the open stack when the block starts where the previous one ended, else drops it.
     */
    void continueWith(final BlockMeta block, final boolean readable) {
        final boolean chained = streamId != null && streamId.equals(context.streamId) && processId.equals(context.processId)
            && block.objectOffset() == nextOffset;
        if (!chained || !readable) {
            droppedOpen += depth;
            depth = 0;
        }
        processId = context.processId;
        streamId = context.streamId;
        nextOffset = readable ? block.objectOffset() + block.objectCount() : -1;
    }

    void onThreadSpan(final SpanEvent span, final long ordinal) {
        final long nanos = context.clock.toNanos(span.ticks());
        if (span.begin()) {
            if (depth == ids.length) {
                grow();
            }
            ids[depth] = ordinal + 1;
            begins[depth] = nanos;
            names[depth] = context.cache.get(span.name());
            targets[depth] = context.cache.get(span.target());
            files[depth] = context.cache.get(span.file());
            lines[depth] = span.line();
            depth++;
        } else if (depth == 0) {
            droppedEnds++;
        } else {
            depth--;
            row = depth;
            endNanos = nanos;
            file.write(this);
        }
    }

    /** Spans left open at a gap or at the end of the run (not written). */
    long droppedOpen() {
        return droppedOpen + depth;
    }

    /** Ends whose begin was not seen (before a gap or before the run). */
    long droppedEnds() {
        return droppedEnds;
    }

    @Override
    public void writeTo(final RecordConsumer consumer) {
        final BlockContext c = context;
        final long begin = begins[row];
        PROCESS_ID.write(consumer, c.processId);
        STREAM_ID.write(consumer, c.streamId);
        THREAD_NAME.write(consumer, c.threadName);
        if (c.hasThreadId) {
            THREAD_ID.write(consumer, c.threadId);
        }
        ID.write(consumer, ids[row]);
        PARENT.write(consumer, row == 0 ? 0 : ids[row - 1]);
        DEPTH.write(consumer, row);
        BEGIN_TIME.write(consumer, BlockContext.micros(begin));
        END_TIME.write(consumer, BlockContext.micros(endNanos));
        BEGIN_NS.write(consumer, begin);
        END_NS.write(consumer, endNanos);
        DURATION_NS.write(consumer, endNanos - begin);
        NAME.write(consumer, names[row]);
        TARGET.write(consumer, targets[row]);
        SOURCE_FILE.write(consumer, files[row]);
        LINE.write(consumer, lines[row]);
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
