package io.lakeobs.functions.views;

import io.lakeobs.functions.core.testing.LocalAws;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.protocol.ProcessInfo;
import io.lakeobs.protocol.RegisterStreamRequest;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Puts processes, streams and blocks into the catalog and the raw bucket, as ingest and the indexer would. */
public final class Seeder {
    private final LocalAws aws;
    private final ProcessCatalog processes;
    private final StreamCatalog streams;
    private final BlockCatalog blocks;
    private final BlockStore store;

    public Seeder(final LocalAws aws, final Clock clock) {
        this.aws = aws;
        store = new BlockStore(aws.s3, LocalAws.RAW_BUCKET);
        processes = new ProcessCatalog(aws.dynamoDb, aws.tables, clock, Duration.ofDays(90));
        streams = new StreamCatalog(aws.dynamoDb, aws.tables, clock, store, 64 * 1024);
        blocks = new BlockCatalog(aws.dynamoDb, aws.tables);
    }

    public void process(final UUID id, final String exe) {
        processes.register(new ProcessInfo(id, exe, "alice", "host-1", "Linux", "x86_64", "17", TestBlocks.START_TIME,
            TestBlocks.FREQUENCY, TestBlocks.START_TICKS, null, Map.of("env", "test")), "owner");
    }

    public void stream(final UUID stream, final UUID process, final String thread) {
        streams.register(new RegisterStreamRequest(stream, process, List.of("log"), Map.of("thread-name", thread),
            TelemetryTypes.declarations().encode()));
    }

    /** Uploads the block and indexes it with the given server insert time. */
    public BlockRecord block(final TestBlocks.Encoded encoded, final long insertMillis) {
        final BlockHeader header = BlockHeader.decode(new UnsafeBuffer(encoded.bytes()), 0, encoded.bytes().length);
        final BlockRecord record = new BlockRecord(header, encoded.meta().objectKey(), encoded.bytes().length, insertMillis,
            BlockRecord.STATE_LIVE, false);
        store.put(record.objectKey(), encoded.bytes());
        blocks.putIfAbsent(record);
        return record;
    }

    public ProcessCatalog processes() {
        return processes;
    }
}
