package io.lakeobs.functions.views;

import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.KeepDecision;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.catalog.StreamRecord;
import io.lakeobs.functions.core.partitions.LiveFiles;
import io.lakeobs.functions.core.partitions.Partition;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.views.etl.EtlOutput;
import io.lakeobs.functions.views.etl.SkippedBlock;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.ViewEtl;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The job behind {@link OnDemandEtlHandler}: thread_spans, async_events, log_entries and measures
 * of one process (or one stream) over an event-time range, written as that instance's partitions
 * ({@code view#<process or stream id>}), never into the global views, so a kept process is never
 * counted twice in a global query. An instance keeps one live file per view: a new request widens
 * the window to the union with the previous one and re-derives it, so overlapping requests never
 * duplicate rows. Equal sources and schema are a no-op. Marks the whole process kept, by the
 * {@link KeepDecision#REQUESTED} rule: someone asked for it. Files are streamed to S3 as their row
 * groups fill (memory holds a row group and a part per view, not a file); a request that fails
 * aborts its uploads, and the instance's previous files stay listed.
 */
public final class OnDemandEtl {
    private static final Set<View> VIEWS = View.instanceViews();
    private final CatalogSource source;
    private final ViewPublisher publisher;
    private final PartitionCatalog partitions;
    private final ProcessCatalog processes;
    private final Deadlines deadlines;
    private final Clock clock;
    private final ViewEtl etl;
    private final long maxSourceBytes;

    public OnDemandEtl(final CatalogSource source, final ViewPublisher publisher, final ProcessCatalog processes,
                       final Deadlines deadlines, final ViewsConfig config, final Clock clock) {
        this.deadlines = deadlines;
        this.source = source;
        this.publisher = publisher;
        this.partitions = publisher.partitions();
        this.processes = processes;
        this.clock = clock;
        this.etl = new ViewEtl(config.parquet());
        this.maxSourceBytes = config.onDemandMaxBytes();
    }

    /**
     * @param processId the process (required)
     * @param streamId one of its streams, or null for all of them
     * @param fromMillis event-time range start (block begin times), inclusive
     * @param toMillis range end, exclusive
     */
    public record Request(UUID processId, UUID streamId, long fromMillis, long toMillis) {
        public Request {
            if (processId == null) {
                throw new IllegalArgumentException("process_id is required");
            }
            if (fromMillis < 0 || toMillis <= fromMillis) {
                throw new IllegalArgumentException("time range must satisfy 0 <= from < to, was [" + fromMillis + ", " + toMillis + ")");
            }
        }

        public String instance() {
            return (streamId == null ? processId : streamId).toString();
        }
    }

    /** The instance's partitions, the blocks skipped and why, and the blocks read. */
    public record Result(String instance, List<Partition> partitions, List<SkippedBlock> skipped, int blocksRead) {
    }

    public Result run(final Request request) {
        final long now = clock.millis();
        source.clear();
        final ProcessRecord process = source.process(request.processId())
            .orElseThrow(() -> new IllegalArgumentException("unknown process " + request.processId()));
        final List<UUID> streams = new ArrayList<>();
        if (request.streamId() != null) {
            streams.add(request.streamId());
        } else {
            source.streamsOf(request.processId()).forEach(s -> streams.add(s.streamId()));
        }
        final String instance = request.instance();
        long begin = request.fromMillis();
        long end = request.toMillis();
        for (final View view : VIEWS) {
            for (final Partition p : LiveFiles.liveItems(partitions.range(view.tableName(), instance, 0, Long.MAX_VALUE))) {
                begin = Math.min(begin, p.beginMillis());
                end = Math.max(end, p.endMillis());
            }
        }
        final List<BlockRecord> records = new ArrayList<>();
        for (final UUID stream : streams) {
            records.addAll(source.blocksOfStream(request.processId(), stream, begin * 1_000_000L, end * 1_000_000L));
        }
        long declared = 0;
        for (final BlockRecord record : records) {
            declared += (long) record.header().dependenciesSize() + record.header().objectsSize();
        }
        if (declared > maxSourceBytes) {
            throw new IllegalArgumentException("the range [" + Instant.ofEpochMilli(begin) + ", " + Instant.ofEpochMilli(end)
                + ") of " + instance + " holds " + records.size() + " blocks declaring " + declared + " uncompressed bytes,"
                + " more than one on-demand request may derive (" + ViewsConfig.ON_DEMAND_MAX_BYTES + " = "
                + maxSourceBytes + "): ask for a shorter range, or query the global views");
        }
        final List<SourceBlock> sources = source.resolve(records, (p, b) -> true);
        final String hash = ViewPublisher.sourceHash(sources);
        final Set<View> todo = EnumSet.noneOf(View.class);
        final List<Partition> result = new ArrayList<>();
        for (final View view : VIEWS) {
            final var existing = partitions.get(view.tableName(), instance, begin, end);
            if (existing.isPresent() && existing.get().live() && existing.get().sourceHash().equals(hash)
                && existing.get().schemaVersion() == View.SCHEMA_VERSION) {
                result.add(existing.get());
            } else {
                todo.add(view);
            }
        }
        List<SkippedBlock> skipped = List.of();
        int read = 0;
        if (!todo.isEmpty()) {
            processes.recordOnDemand(request.processId(), instance); // before publishing: retention must find what it removes
            // streamed: each file goes to S3 as its row groups fill, and appears only once complete
            final EtlOutput output = etl.run(sources, todo, source.fetcher(), publisher.outputs(instance, begin, end, hash));
            skipped = output.skipped();
            read = output.blocksRead();
            for (final View view : todo) {
                result.add(publisher.publish(view.tableName(), instance, begin, end, output.view(view), hash, sources.size(),
                    List.of(), now));
            }
            for (final View view : todo) {
                publisher.refresh(view.tableName(), instance, begin, now);
            }
        }
        if (!process.kept()) {
            processes.markKept(request.processId(), KeepDecision.wholeProcess(KeepDecision.REQUESTED, "on-demand ETL of "
                    + instance + " [" + Instant.ofEpochMilli(request.fromMillis()) + ", " + Instant.ofEpochMilli(request.toMillis()) + ")",
                    deadlines.keepFloor(now), now))
                .orElseThrow(() -> new IllegalArgumentException("unknown process " + request.processId()));
        }
        return new Result(instance, List.copyOf(result), skipped, read);
    }
}
