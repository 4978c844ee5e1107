package io.lakeobs.functions.views;

import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.CatalogKeys;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.catalog.StreamRecord;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.views.etl.BlockFetcher;
import io.lakeobs.functions.views.etl.BlockMeta;
import io.lakeobs.functions.views.etl.BlockUnavailableException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import io.lakeobs.functions.views.etl.ProcessMeta;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.StreamMeta;
import io.lakeobs.protocol.ProcessInfo;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.layout.StreamDeclarations;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * The ETL's view of the catalog: block items to {@link SourceBlock}s with their process and
 * stream metadata (each read once per run), and block bytes from the raw bucket. A block whose
 * process or stream is not registered yet is left out (and so not counted in the source hash):
 * once they are registered, the window's hash changes and the window is derived again. A block
 * past its deadline is left out too: invisibility is this read-side rule, not a deletion.
 */
public final class CatalogSource {
    private final BlockCatalog blocks;
    private final ProcessCatalog processes;
    private final StreamCatalog streams;
    private final BlockStore store;
    private final Deadlines deadlines;
    private final Clock clock;
    private final Map<UUID, Optional<ProcessRecord>> processCache = new HashMap<>();
    /** Keyed by process and stream: a catalog from before stream ownership may hold one stream id in two processes. */
    private final Map<List<UUID>, Optional<StreamMeta>> streamCache = new HashMap<>();

    public CatalogSource(final BlockCatalog blocks, final ProcessCatalog processes, final StreamCatalog streams,
                         final BlockStore store, final Deadlines deadlines, final Clock clock) {
        this.deadlines = deadlines;
        this.clock = clock;
        this.blocks = blocks;
        this.processes = processes;
        this.streams = streams;
        this.store = store;
    }

    /** Forgets cached metadata (call at the start of each run: the kept flag may have changed). */
    public void clear() {
        processCache.clear();
        streamCache.clear();
    }

    public List<BlockRecord> insertedInMinute(final long minuteMillis) {
        return blocks.blocksInsertedInMinute(Instant.ofEpochMilli(minuteMillis));
    }

    /** Every block inserted on the UTC day starting at {@code dayMillis} (16 shard Queries, paginated). */
    public List<BlockRecord> insertedOnDay(final long dayMillis) {
        final List<BlockRecord> records = new ArrayList<>();
        for (int shard = 0; shard < CatalogKeys.INSERT_SHARDS; shard++) {
            blocks.insertedOnDay(dayMillis, shard, "").forEach(records::addAll);
        }
        return records;
    }

    /** Blocks of the process's stream; a block of another process under the same stream id is left out. */
    public List<BlockRecord> blocksOfStream(final UUID processId, final UUID streamId, final long fromNanos,
                                            final long toNanos) {
        return blocks.blocksOfStream(streamId, fromNanos, toNanos).stream()
            .filter(block -> block.header().processId().equals(processId)).toList();
    }

    public List<StreamRecord> streamsOf(final UUID processId) {
        return streams.streamsOf(processId);
    }

    public Optional<ProcessRecord> process(final UUID processId) {
        return processCache.computeIfAbsent(processId, processes::get);
    }

    /**
     * Resolves block items that pass {@code filter} with their process. Left out: unresolvable ones,
     * and those past their deadline ({@link Deadlines}), whether or not retention deleted them yet.
     */
    public List<SourceBlock> resolve(final List<BlockRecord> records, final BiPredicate<ProcessRecord, BlockRecord> filter) {
        final long now = clock.millis();
        final List<SourceBlock> sources = new ArrayList<>();
        for (final BlockRecord record : records) {
            if (!BlockRecord.STATE_LIVE.equals(record.state())) {
                continue;
            }
            final BlockHeader h = record.header();
            final Optional<ProcessRecord> process = process(h.processId());
            if (process.isEmpty() || deadlines.expired(record, process.get(), now) || !filter.test(process.get(), record)) {
                continue;
            }
            final Optional<StreamMeta> stream = streamCache.computeIfAbsent(List.of(h.processId(), h.streamId()),
                key -> streams.get(h.processId(), h.streamId()).map(this::streamMeta));
            if (stream.isEmpty()) {
                continue;
            }
            sources.add(new SourceBlock(blockMeta(record), stream.get(), processMeta(process.get())));
        }
        return sources;
    }

    /**
     * Block bytes from the raw bucket. A missing object (404) is {@link BlockUnavailableException}:
     * skipped and reported. A 403 is what S3 answers for a missing key to a role that may not list
     * the bucket, but also for a real denial: it is "gone" only if the catalog no longer holds the
     * block (retention deleted it after it was listed); otherwise it fails the run, naming the key,
     * so that a broken grant is an error the function's alarm reports, not data silently left out.
     * Anything else (throttling, 5xx, network) propagates too; the next scheduled run repeats.
     */
    public BlockFetcher fetcher() {
        return block -> {
            try {
                return store.get(block.objectKey())
                    .orElseThrow(() -> new BlockUnavailableException("NoSuchKey: " + block.objectKey()));
            } catch (final S3Exception e) {
                if (e.statusCode() == 404) {
                    throw new BlockUnavailableException("404 for " + block.objectKey());
                }
                if (e.statusCode() == 403
                    && blocks.get(block.streamId(), CatalogKeys.blockSort(block.beginTimeNanos(), block.blockId())).isEmpty()) {
                    throw new BlockUnavailableException("403 for " + block.objectKey() + ", whose block item is gone (deleted)");
                }
                if (e.statusCode() == 403) {
                    throw new IllegalStateException("S3 denied reading " + block.objectKey() + " (403), a block the catalog"
                        + " still holds: check the function's s3:GetObject grant on blocks/*", e);
                }
                throw e;
            }
        };
    }

    static BlockMeta blockMeta(final BlockRecord record) {
        final BlockHeader h = record.header();
        return new BlockMeta(h.blockId(), h.streamId(), h.processId(), record.insertTimeMillis(), h.beginTimeNanos(),
            h.endTimeNanos(), h.beginTicks(), h.endTicks(), h.objectOffset(), h.objectCount(), record.size(),
            record.objectKey(), h.summary().logCount(), h.summary().metricCount(), h.summary().spanCount());
    }

    static ProcessMeta processMeta(final ProcessRecord record) {
        final ProcessInfo p = record.info();
        return new ProcessMeta(p.processId(), p.parentProcessId(), p.exe(), p.username(), p.computer(), p.os(), p.cpu(),
            p.jvm(), p.startTimeNanos(), p.startTicks(), p.tickFrequency(), p.properties(), record.ownerKeyId());
    }

    private StreamMeta streamMeta(final StreamRecord record) {
        StreamDeclarations declarations;
        try {
            declarations = StreamDeclarations.decode(streams.declarations(record));
        } catch (final RuntimeException e) {
            declarations = null; // the ETL reports every block of this stream as skipped, with the reason
        }
        return new StreamMeta(record.streamId(), record.processId(), declarations, record.tags(), record.properties());
    }
}
