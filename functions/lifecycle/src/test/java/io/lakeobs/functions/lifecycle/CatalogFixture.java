package io.lakeobs.functions.lifecycle;

import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.QuarantineCatalog;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.core.store.ObjectKeys;
import io.lakeobs.functions.core.testing.LocalAws;
import io.lakeobs.protocol.ProcessInfo;
import io.lakeobs.protocol.RegisterStreamRequest;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockSummary;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.TelemetryTypes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Processes, streams and block items put into the embedded catalog as ingest and the indexer would,
 * with a payload object per block in the raw bucket (which the sampler must never read).
 */
public final class CatalogFixture {
    public final LocalAws aws;
    public final TableNames tables;
    public final String rawBucket;
    public final ProcessCatalog processes;
    public final StreamCatalog streams;
    public final BlockCatalog blocks;
    public final PartitionCatalog partitions;
    public final QuarantineCatalog quarantine;
    public final BlockStore store;
    public final List<BlockRecord> seeded = java.util.Collections.synchronizedList(new ArrayList<>());

    /** The stack's default tables and raw bucket. */
    public CatalogFixture(final LocalAws aws, final Clock clock) {
        this(aws, clock, aws.tables, LocalAws.RAW_BUCKET);
    }

    /** A namespace of {@link LocalAws#namespace}. */
    public CatalogFixture(final LocalAws aws, final Clock clock, final String namespace) {
        this(aws, clock, aws.namespace(namespace), namespace + "-raw");
    }

    private CatalogFixture(final LocalAws aws, final Clock clock, final TableNames tables, final String rawBucket) {
        this.aws = aws;
        this.tables = tables;
        this.rawBucket = rawBucket;
        store = new BlockStore(aws.s3, rawBucket);
        processes = new ProcessCatalog(aws.dynamoDb, tables, clock, Duration.ofDays(90));
        streams = new StreamCatalog(aws.dynamoDb, tables, clock, store, 64 * 1024);
        blocks = new BlockCatalog(aws.dynamoDb, tables);
        partitions = new PartitionCatalog(aws.dynamoDb, tables.partitions());
        quarantine = new QuarantineCatalog(aws.dynamoDb, tables);
    }

    public UUID process(final String exe, final Map<String, String> properties) {
        final UUID id = UUID.randomUUID();
        processes.register(new ProcessInfo(id, exe, "alice", "host-1", "Linux", "x86_64", "17", 0, 1_000_000_000L, 0, null,
            properties), "owner");
        return id;
    }

    public UUID stream(final UUID process, final List<String> tags) {
        final UUID id = UUID.randomUUID();
        streams.register(new RegisterStreamRequest(id, process, tags, Map.of(), TelemetryTypes.declarations().encode()));
        return id;
    }

    /** A block of the stream covering [begin, begin + length) of event time, indexed at {@code inserted}. */
    public BlockRecord block(final UUID process, final UUID stream, final Instant begin, final Duration length, final int maxLevel,
                      final int errors, final Instant inserted) {
        final long beginNanos = begin.getEpochSecond() * 1_000_000_000L + begin.getNano();
        final long endNanos = beginNanos + length.toNanos();
        final UUID blockId = UUID.randomUUID();
        final BlockHeader header = new BlockHeader(Compression.LZ4, 10, process, stream, blockId, beginNanos, endNanos,
            beginNanos, endNanos, 0, 10, 10, 90, 90, new BlockSummary(10, 0, 0, 0, errors, maxLevel), 0);
        final byte[] payload = new byte[1000];
        final BlockRecord record = new BlockRecord(header, ObjectKeys.blockKey(inserted, process, stream, blockId), payload.length,
            inserted.toEpochMilli(), BlockRecord.STATE_LIVE, false);
        store.put(record.objectKey(), payload);
        blocks.claimObject(record.objectKey(), record.blockSort(), record.insertTimeMillis()); // as the indexer does
        blocks.putIfAbsent(record);
        processes.touch(process, record.insertTimeMillis()); // activity, as the indexer records it
        streams.touch(process, stream, record.insertTimeMillis());
        seeded.add(record);
        return record;
    }
}
