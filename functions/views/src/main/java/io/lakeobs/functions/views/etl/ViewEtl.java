package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.parquet.ByteArrayOutputFile;
import io.lakeobs.functions.views.parquet.ParquetSettings;
import io.lakeobs.functions.views.parquet.RowFile;
import io.lakeobs.functions.views.parquet.RowSink;
import io.lakeobs.transit.TransitFormatException;
import io.lakeobs.transit.block.ObjectView;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.MeasureEvent;
import io.lakeobs.transit.telemetry.SpanEvent;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryVisitor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The ETL core: blocks in, one Parquet file per requested view out, written where its
 * {@link ViewOutputs} says (streamed to S3 by the functions, in memory for tests). It knows neither
 * S3 nor DynamoDB: the caller lists the blocks and passes a {@link BlockFetcher}. Blocks are read
 * in (process, stream, object offset) order so thread spans chain across a stream's consecutive
 * blocks. A block is fetched only when a requested view needs its events (its summary says so).
 * A block that is gone ({@link BlockUnavailableException}) or cannot be decoded is skipped with
 * its reason and breaks its stream's span chain (any other fetch failure aborts the run); it adds no row (the transit reader validates a whole block before the first event).
 * Not thread-safe; one instance per thread, reusable.
 */
public final class ViewEtl {
    /** The order blocks are read in: by process, stream and object offset (spans chain across a stream's blocks). */
    public static final Comparator<SourceBlock> STREAM_ORDER = Comparator
        .comparing((SourceBlock s) -> s.block().processId())
        .thenComparing(s -> s.block().streamId())
        .thenComparingLong(s -> s.block().objectOffset())
        .thenComparing(s -> s.block().blockId());
    private final ParquetSettings settings;
    private final boolean discard;
    private final TelemetryReader reader = new TelemetryReader();
    private final BinaryCache cache = new BinaryCache();

    public ViewEtl(final ParquetSettings settings) {
        this(settings, false);
    }

    private ViewEtl(final ParquetSettings settings, final boolean discard) {
        this.settings = settings;
        this.discard = discard;
    }

    /** An ETL whose rows are built and then dropped (no Parquet): isolates the decode-to-row cost in benchmarks. */
    public static ViewEtl withoutParquet() {
        return new ViewEtl(ParquetSettings.DEFAULT, true);
    }

    /** Writes the files in memory: the output holds their bytes. */
    public EtlOutput run(final Collection<SourceBlock> blocks, final Set<View> views, final BlockFetcher fetcher) {
        return run(blocks, views, fetcher, ViewOutputs.IN_MEMORY);
    }

    /**
     * Writes each view's file to {@code outputs}; a file with rows is committed at the end, an
     * empty one discarded, and every file is discarded (a streamed upload aborted) if the run fails.
     */
    public EtlOutput run(final Collection<SourceBlock> blocks, final Set<View> views, final BlockFetcher fetcher,
                         final ViewOutputs outputs) {
        final Map<View, RowFile> files = new EnumMap<>(View.class);
        try {
            for (final View view : views) {
                files.put(view, discard ? RowFile.discarding() : new RowFile(outputs.open(view), view.schema(), view.columns(),
                    Map.of("lakeobs.view", view.tableName(), "lakeobs.schema_version", Integer.toString(View.SCHEMA_VERSION)),
                    settings));
            }
            final EtlOutput decoded = decode(blocks, files, fetcher);
            final Map<View, ViewData> out = new EnumMap<>(View.class);
            for (final Map.Entry<View, RowFile> entry : files.entrySet()) {
                final RowFile file = entry.getValue();
                final long size = file.finish();
                final byte[] bytes = file.rows() > 0 && file.output() instanceof ByteArrayOutputFile memory ? memory.toByteArray() : null;
                out.put(entry.getKey(), new ViewData(entry.getKey(), bytes, file.rows() == 0 ? 0 : size, file.rows()));
            }
            return new EtlOutput(out, decoded.skipped(), decoded.blocksRead(), decoded.bytesRead(), decoded.droppedOpenSpans(),
                decoded.droppedSpanEnds());
        } catch (final RuntimeException | Error e) {
            for (final RowFile file : files.values()) {
                try {
                    file.abort();
                } catch (final RuntimeException a) {
                    e.addSuppressed(a);
                }
            }
            throw e;
        }
    }

    /**
     * Decodes the blocks into rows of the views {@code sinks} has a sink for, handing each row to
     * its sink as it is derived (no file): the output names no view file, only what was read and skipped.
     */
    public EtlOutput decode(final Collection<SourceBlock> blocks, final Map<View, ? extends RowSink> files,
                            final BlockFetcher fetcher) {
        final List<SourceBlock> ordered = new ArrayList<>(blocks);
        ordered.sort(STREAM_ORDER);
        final BlockContext context = new BlockContext(cache);
        final Dispatch dispatch = new Dispatch(files, context);
        final List<SkippedBlock> skipped = new ArrayList<>();
        int read = 0;
        long bytesRead = 0;
        final Map<UUID, ProcessMeta> processes = new LinkedHashMap<>();
        final Map<List<UUID>, StreamMeta> streams = new LinkedHashMap<>(); // by process and stream: ids may collide in old catalogs
        for (final SourceBlock source : ordered) {
            processes.putIfAbsent(source.process().processId(), source.process());
            streams.putIfAbsent(List.of(source.stream().processId(), source.stream().streamId()), source.stream());
            if (files.containsKey(View.BLOCKS)) {
                CatalogRows.block(files.get(View.BLOCKS), source.block());
            }
            context.reset(source);
            final boolean needed = dispatch.needs(source.block());
            byte[] bytes = null;
            String failure = null;
            boolean unavailable = false;
            if (needed) {
                try {
                    bytes = fetcher.fetch(source.block());
                    read++;
                    bytesRead += bytes.length;
                    if (source.stream().declarations() == null) {
                        failure = "stream has no declarations";
                    }
                } catch (final BlockUnavailableException e) {
                    failure = "block unavailable: " + e.getMessage();
                    unavailable = true;
                } catch (final RuntimeException e) {
                    throw e;
                } catch (final Exception e) {
                    throw new IllegalStateException("cannot fetch block " + source.block().blockId() + ": " + e, e);
                }
            }
            dispatch.startBlock(source.block(), failure == null);
            if (needed && failure == null) {
                try {
                    reader.read(bytes, 0, bytes.length, source.stream().declarations(), dispatch);
                } catch (final TransitFormatException e) {
                    failure = "corrupt block: " + e.getMessage();
                    dispatch.startBlock(source.block(), false); // a corrupt block is a gap in its stream
                }
            }
            if (failure != null) {
                skipped.add(new SkippedBlock(source.block().blockId(), source.block().streamId(), failure, unavailable));
            }
        }
        if (files.containsKey(View.PROCESSES)) {
            processes.values().forEach(p -> CatalogRows.process(files.get(View.PROCESSES), p));
        }
        if (files.containsKey(View.STREAMS)) {
            streams.values().forEach(s -> CatalogRows.stream(files.get(View.STREAMS), s));
        }
        return new EtlOutput(Map.of(), List.copyOf(skipped), read, bytesRead,
            dispatch.spans == null ? 0 : dispatch.spans.droppedOpen(), dispatch.spans == null ? 0 : dispatch.spans.droppedEnds());
    }

    /** Routes decoded events to the requested views and numbers them within their stream. */
    private static final class Dispatch implements TelemetryVisitor {
        final LogEntriesRows logs;
        final MeasuresRows measures;
        final ThreadSpansRows spans;
        final AsyncEventsRows async;
        private final BlockContext context;
        private long ordinal;

        Dispatch(final Map<View, ? extends RowSink> files, final BlockContext context) {
            this.context = context;
            logs = files.containsKey(View.LOG_ENTRIES) ? new LogEntriesRows(files.get(View.LOG_ENTRIES), context) : null;
            measures = files.containsKey(View.MEASURES) ? new MeasuresRows(files.get(View.MEASURES), context) : null;
            spans = files.containsKey(View.THREAD_SPANS) ? new ThreadSpansRows(files.get(View.THREAD_SPANS), context) : null;
            async = files.containsKey(View.ASYNC_EVENTS) ? new AsyncEventsRows(files.get(View.ASYNC_EVENTS), context) : null;
        }

        boolean needs(final BlockMeta block) {
            return (logs != null && block.logCount() > 0) || (measures != null && block.metricCount() > 0)
                || ((spans != null || async != null) && block.spanCount() > 0);
        }

        void startBlock(final BlockMeta block, final boolean readable) {
            ordinal = block.objectOffset();
            if (measures != null) {
                measures.startBlock();
            }
            if (spans != null) {
                spans.continueWith(block, readable);
            }
        }

        @Override
        public void onLog(final LogEvent log) {
            ordinal++;
            if (logs != null) {
                logs.onLog(log);
            }
        }

        @Override
        public void onMeasure(final MeasureEvent measure) {
            ordinal++;
            if (measures != null) {
                measures.onMeasure(measure);
            }
        }

        @Override
        public void onSpan(final SpanEvent span) {
            final long position = ordinal++;
            if (span.async()) {
                if (async != null) {
                    async.onAsync(span);
                }
            } else if (spans != null) {
                spans.onThreadSpan(span, position);
            }
        }

        /** The events after it are that thread's (a stream virtual threads share): their rows carry its id. */
        @Override
        public void onThreadSwitch(final long threadId) {
            ordinal++;
            context.switchThread(threadId);
            if (spans != null) {
                spans.switchTo(threadId);
            }
        }

        @Override
        public void onOther(final ObjectView object) {
            ordinal++;
        }
    }
}
