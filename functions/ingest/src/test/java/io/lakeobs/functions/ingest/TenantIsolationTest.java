package io.lakeobs.functions.ingest;

import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.config.IngestBudgets;
import io.lakeobs.functions.core.store.ObjectKeys;
import io.lakeobs.functions.ingest.indexer.BlockIndexer;
import io.lakeobs.functions.ingest.indexer.IndexOutcome;
import io.lakeobs.protocol.ApiKeyToken;
import io.lakeobs.protocol.BlockUpload;
import io.lakeobs.protocol.PresignRequest;
import io.lakeobs.protocol.PresignedUpload;
import io.lakeobs.protocol.ErrorCode;
import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.IngestPaths;
import io.lakeobs.protocol.RegisterProcessRequest;
import io.lakeobs.functions.ingest.api.ApiKeyAuthenticator;
import io.lakeobs.functions.ingest.api.TokenBucketRateLimiter;
import io.lakeobs.protocol.ProcessInfo;
import io.lakeobs.protocol.ProtocolException;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockHeaderDescriptor;
import io.lakeobs.transit.block.BlockSummary;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

import static io.lakeobs.functions.ingest.IngestApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One API key can neither touch another key's data nor make the catalog disagree with the bucket. */
class TenantIsolationTest extends RegisteredStreamTest {
    @Test
    void aStreamIdBelongsToTheFirstProcessThatRegistersIt() {
        final ApiKeyToken other = fx.newKey(1000);
        final UUID otherProcess = registerProcess(other);
        final UUID sameKeyProcess = registerProcess(key);
        final StoredState before = fx.state();

        assertError(fx.post(IngestPaths.STREAMS, other, IngestJson.toJson(IngestFixture.stream(otherProcess, streamId))),
            ErrorCode.STREAM_ID_TAKEN, "streamId");
        assertError(fx.post(IngestPaths.STREAMS, key, IngestJson.toJson(IngestFixture.stream(sameKeyProcess, streamId))),
            ErrorCode.STREAM_ID_TAKEN, "streamId");
        assertThat(fx.state()).isEqualTo(before);
        assertThat(streams.owner(streamId)).contains(processId);
        // the owner registers it again as before
        assertThat(fx.post(IngestPaths.STREAMS, key, IngestJson.toJson(IngestFixture.stream(processId, streamId)))
            .getStatusCode()).isEqualTo(200);
        assertThat(streams.streamsOf(processId)).extracting(s -> s.streamId()).containsExactly(streamId);
    }

    @Test
    void aBlockUnderAStreamIdOwnedByAnotherProcessIsQuarantined() {
        final UUID otherProcess = registerProcess(fx.newKey(1000));
        final UUID blockId = UUID.randomUUID();
        final String objectKey = ObjectKeys.blockKey(fx.clock.instant(), otherProcess, streamId, blockId);
        put(objectKey, Blocks.block(otherProcess, streamId, blockId, BEGIN, 3));

        assertThat(indexer().index(IngestFixture.BUCKET, objectKey)).isEqualTo(IndexOutcome.QUARANTINED);
        assertThat(quarantine.get(objectKey).orElseThrow().reason())
            .isEqualTo("stream " + streamId + " belongs to process " + processId + ", not to " + otherProcess);
        assertThat(blocks.blocksOfStream(streamId, 0, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void aCatalogThatAlreadyHoldsACollisionNeverLosesABlockSilently() {
        // a catalog from before ownership items: the same stream id registered by two processes
        final UUID otherProcess = registerProcess(fx.newKey(1000));
        legacyCollision(otherProcess);
        final UUID blockId = UUID.randomUUID();
        final String mine = ObjectKeys.blockKey(fx.clock.instant(), processId, streamId, blockId);
        final String theirs = ObjectKeys.blockKey(fx.clock.instant(), otherProcess, streamId, blockId);
        put(mine, Blocks.block(processId, streamId, blockId, BEGIN, 3));
        put(theirs, Blocks.block(otherProcess, streamId, blockId, BEGIN, 4));

        assertThat(indexer().index(IngestFixture.BUCKET, mine)).isEqualTo(IndexOutcome.INDEXED);
        assertThat(indexer().index(IngestFixture.BUCKET, theirs)).isEqualTo(IndexOutcome.QUARANTINED);
        assertThat(quarantine.get(theirs).orElseThrow().reason()).contains("is already held by object " + mine);
        assertThat(blocks.blocksOfStream(streamId, 0, Long.MAX_VALUE)).singleElement()
            .satisfies(block -> assertThat(block.objectKey()).isEqualTo(mine));
        final StoredState after = fx.state();
        assertThat(indexer().index(IngestFixture.BUCKET, mine)).isEqualTo(IndexOutcome.DUPLICATE);
        assertThat(fx.state()).isEqualTo(after);
    }

    @Test
    void aPresignedUrlWritesItsBlockOnceAndAReplayIsRefused() throws Exception {
        final UUID blockId = UUID.randomUUID();
        final byte[] body = Blocks.block(processId, streamId, blockId, BEGIN, 3);
        final PresignedUpload upload = presign(blockId, body.length);
        assertThat(upload.headers()).containsEntry("if-none-match", "*");
        assertThat(upload.url()).contains("if-none-match");
        final StoredState before = fx.state();
        assertThat(fx.put(upload.url(), withoutIfNoneMatch(upload.headers()), body).statusCode())
            .as("the condition is signed: it cannot be left out").isEqualTo(403);
        assertThat(fx.state()).isEqualTo(before);

        assertThat(fx.put(upload.url(), upload.headers(), body).statusCode()).isEqualTo(200);
        final StoredState written = fx.state();
        // a replay with another header (other begin and end times) within the URL's expiry
        final byte[] replay = Blocks.block(processId, streamId, blockId, BEGIN + 5_000_000L, 3);
        assertThat(replay).hasSameSizeAs(body);
        assertThat(fx.put(upload.url(), upload.headers(), replay).statusCode()).isEqualTo(412);
        assertThat(fx.put(upload.url(), upload.headers(), body).statusCode()).isEqualTo(412);
        assertThat(fx.state()).isEqualTo(written);
    }

    @Test
    void anObjectRewrittenWithAnotherHeaderNeverBecomesASecondBlockItem() {
        final UUID blockId = UUID.randomUUID();
        final String objectKey = ObjectKeys.blockKey(fx.clock.instant(), processId, streamId, blockId);
        put(objectKey, Blocks.block(processId, streamId, blockId, BEGIN, 3));
        assertThat(indexer().index(IngestFixture.BUCKET, objectKey)).isEqualTo(IndexOutcome.INDEXED);
        // rewritten without the write-once condition (e.g. before it existed), with other begin and end times
        put(objectKey, Blocks.block(processId, streamId, blockId, BEGIN + 5_000_000L, 3));
        final StoredState before = fx.state();

        assertThat(indexer().index(IngestFixture.BUCKET, objectKey)).isEqualTo(IndexOutcome.QUARANTINED);
        assertThat(quarantine.get(objectKey).orElseThrow().reason()).startsWith("object already indexed as block item "
            + streamId + "/" + io.lakeobs.functions.core.catalog.CatalogKeys.blockSort(BEGIN, blockId));
        assertThat(fx.state().items()).containsEntry(IngestFixture.TABLES.blocks(),
            before.items().get(IngestFixture.TABLES.blocks()));
        assertThat(blocks.blocksOfStream(streamId, 0, Long.MAX_VALUE)).singleElement()
            .satisfies(block -> assertThat(block.header().beginTimeNanos()).isEqualTo(BEGIN));
        final StoredState quarantined = fx.state();
        assertThat(indexer().index(IngestFixture.BUCKET, objectKey)).isEqualTo(IndexOutcome.QUARANTINED);
        assertThat(fx.state()).isEqualTo(quarantined);
    }

    @Test
    void aKeyOverItsBudgetHasItsBlocksParkedCountedAndLoggedAndTheOtherKeysAreNot() {
        fx.clock.set(Instant.parse("2026-11-21T20:00:00Z"));
        final byte[] first = Blocks.block(processId, streamId, UUID.randomUUID(), BEGIN, 40);
        final BlockHeader header = BlockHeader.decode(new UnsafeBuffer(first), 0, first.length);
        // room for one such block a minute by bytes, for one and a half by events
        final long bytes = (long) header.dependenciesSize() + header.objectsSize();
        assertThat(new ApiKeyCatalog(fx.aws.dynamoDb(), IngestFixture.TABLES).setBudgets(key.keyId(), bytes, 60)).isTrue();
        final ApiKeyToken otherKey = fx.newKey(1000);
        final UUID[] other = fx.registerProcessAndStream(otherKey);
        final ByteArrayOutputStream lines = new ByteArrayOutputStream();
        final BlockIndexer indexer = fx.wiring(fx.clock).withBudgets(IngestBudgets.DEFAULT, new PrintStream(lines, true,
            StandardCharsets.UTF_8)).blockIndexer();

        assertThat(indexer.index(IngestFixture.BUCKET, upload(processId, streamId, first))).isEqualTo(IndexOutcome.INDEXED);
        final String over = upload(processId, streamId, Blocks.block(processId, streamId, UUID.randomUUID(), BEGIN + 1, 1));
        assertThat(indexer.index(IngestFixture.BUCKET, over)).isEqualTo(IndexOutcome.INDEXED_PARKED);
        final String otherBlock = upload(other[0], other[1], Blocks.block(other[0], other[1], UUID.randomUUID(), BEGIN, 40));
        assertThat(indexer.index(IngestFixture.BUCKET, otherBlock)).isEqualTo(IndexOutcome.INDEXED);

        assertThat(blocks.blocksOfStream(streamId, 0, Long.MAX_VALUE)).extracting(BlockRecord::parked).containsExactly(false, true);
        assertThat(blocks.blocksOfStream(other[1], 0, Long.MAX_VALUE)).extracting(BlockRecord::parked).containsExactly(false);
        assertThat(lines.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().satisfies(line -> assertThat(line)
            .contains("\"Name\":\"BlocksParked\"", "\"KeyId\":\"" + key.keyId() + "\"", "\"object_key\":\"" + over + "\"",
                "and 41 events this minute, budgets " + bytes + " and 60"));
        // a repeated event charges nothing and changes nothing
        final StoredState indexed = fx.state();
        assertThat(indexer.index(IngestFixture.BUCKET, over)).isEqualTo(IndexOutcome.DUPLICATE);
        assertThat(fx.state()).isEqualTo(indexed);

        // the next minute starts a new count
        fx.clock.advance(Duration.ofMinutes(1));
        final String next = upload(processId, streamId, Blocks.block(processId, streamId, UUID.randomUUID(), BEGIN + 2, 40));
        assertThat(indexer.index(IngestFixture.BUCKET, next)).isEqualTo(IndexOutcome.INDEXED);
    }

    @Test
    void reservedHeaderBytesAndLevelsOutOfRangeAreQuarantinedWithTheirReason() {
        final UUID reservedId = UUID.randomUUID();
        final byte[] reserved = Blocks.block(processId, streamId, reservedId, BEGIN, 3);
        reserved[10] = 1; // the u16 after the flags
        resealHeader(reserved);
        final UUID levelId = UUID.randomUUID();
        final byte[] level = Blocks.block(processId, streamId, levelId, BEGIN, 3);
        final BlockHeader h = BlockHeader.decode(new UnsafeBuffer(level), 0, level.length);
        final BlockSummary s = h.summary();
        new BlockHeader(h.compression(), h.objectCount(), h.processId(), h.streamId(), h.blockId(), h.beginTimeNanos(),
            h.endTimeNanos(), h.beginTicks(), h.endTicks(), h.objectOffset(), h.dependenciesCompressedSize(),
            h.dependenciesSize(), h.objectsCompressedSize(), h.objectsSize(), new BlockSummary(s.logCount(), s.metricCount(),
            s.spanCount(), s.otherCount(), s.errorCount(), 7), h.payloadChecksum()).encode(new UnsafeBuffer(level), 0);
        final String reservedKey = upload(processId, streamId, reserved);
        final String levelKey = upload(processId, streamId, level);
        final StoredState before = fx.state();

        assertThat(indexer().index(IngestFixture.BUCKET, reservedKey)).isEqualTo(IndexOutcome.QUARANTINED);
        assertThat(indexer().index(IngestFixture.BUCKET, levelKey)).isEqualTo(IndexOutcome.QUARANTINED);
        assertThat(quarantine.get(reservedKey).orElseThrow().reason()).isEqualTo("reserved header bytes 9..11 are not zero");
        assertThat(quarantine.get(levelKey).orElseThrow().reason()).isEqualTo("max level 7 outside 1..6");
        final StoredState after = fx.state();
        assertThat(after.objects()).isEqualTo(before.objects());
        before.items().forEach((table, items) -> {
            if (!table.equals(IngestFixture.TABLES.quarantine())) {
                assertThat(after.items().get(table)).as(table).isEqualTo(items);
            }
        });
    }

    @Test
    void absurdProcessClockMetadataIsRefusedNamingTheField() {
        final StoredState before = fx.state();
        final ProcessInfo p = IngestFixture.process(UUID.randomUUID());
        for (final Object[] bad : List.of(
            new Object[] {"process.tickFrequency", new ProcessInfo(p.processId(), p.exe(), p.username(), p.computer(), p.os(),
                p.cpu(), p.jvm(), p.startTimeNanos(), Long.MAX_VALUE, p.startTicks(), null, p.properties())},
            new Object[] {"process.startTimeNanos", new ProcessInfo(p.processId(), p.exe(), p.username(), p.computer(), p.os(),
                p.cpu(), p.jvm(), Long.MAX_VALUE - 1, p.tickFrequency(), p.startTicks(), null, p.properties())},
            new Object[] {"process.startTimeNanos", new ProcessInfo(p.processId(), p.exe(), p.username(), p.computer(), p.os(),
                p.cpu(), p.jvm(), -1, p.tickFrequency(), p.startTicks(), null, p.properties())},
            new Object[] {"process.startTicks", new ProcessInfo(p.processId(), p.exe(), p.username(), p.computer(), p.os(),
                p.cpu(), p.jvm(), p.startTimeNanos(), p.tickFrequency(), Long.MIN_VALUE, null, p.properties())})) {
            final var response = fx.post(IngestPaths.PROCESSES, key, IngestJson.toJson(new RegisterProcessRequest((ProcessInfo) bad[1])));
            assertError(response, ErrorCode.INVALID_FIELD, (String) bad[0]);
        }
        assertThat(fx.state()).isEqualTo(before);
    }

    @Test
    void anEventKeyWithAnInvalidPercentEscapeIsIgnoredWithALogLineAndTheRestIsIndexed() {
        final UUID blockId = UUID.randomUUID();
        final String good = upload(processId, streamId, Blocks.block(processId, streamId, blockId, BEGIN, 2));
        final List<String> logged = new java.util.ArrayList<>();
        final Logger logger = Logger.getLogger(IndexerHandler.class.getName());
        final Handler capture = new Handler() {
            @Override
            public void publish(final LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            final StoredState before = fx.state();
            fx.indexer.handleRequest(LambdaEvents.objectCreatedEncoded(IngestFixture.BUCKET,
                List.of("blocks/%zz/" + streamId + "/x", "blocks/%E0%A4%A/y/z"), 0), null);
            assertThat(fx.state()).isEqualTo(before);
            fx.indexer.handleRequest(LambdaEvents.objectCreatedEncoded(IngestFixture.BUCKET,
                List.of("blocks/%zz/" + streamId + "/x", good), 0), null);
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(logged).hasSize(3).allMatch(line -> line.startsWith("ignored an S3 event record whose key is not URL-encoded"))
            .anyMatch(line -> line.contains("blocks/%zz/"));
        assertThat(blocks.blocksOfStream(streamId, 0, Long.MAX_VALUE)).extracting(b -> b.objectKey()).containsExactly(good);
    }

    @Test
    void aMalformedKeyIdIsRefusedWithoutADynamoDbRead() {
        // a DynamoDB client whose every call fails: 127.0.0.1 port 1 refuses connections
        try (DynamoDbClient unreachable = DynamoDbClient.builder().region(Region.US_EAST_1)
            .credentialsProvider(LocalAws.CREDENTIALS).endpointOverride(URI.create("http://127.0.0.1:1"))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(new ApiKeyCatalog(unreachable, IngestFixture.TABLES),
                new TokenBucketRateLimiter(fx.clock, 5), fx.clock);
            for (final String id : List.of("abc", "K0123456789ABCDEF", "k0123456789abcde", "k0123456789abcdef0",
                "k0123456789abcdeg", "k0123456789abcdef!", "k0123456789abcdef%00")) {
                assertThatThrownBy(() -> authenticator.authenticate(id + ".secret")).as(id)
                    .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_API_KEY));
            }
            // a well-formed id is looked up, which this client cannot do
            assertThatThrownBy(() -> authenticator.authenticate("k0123456789abcdef.secret"))
                .isInstanceOf(SdkClientException.class);
        }
    }

    /** Recomputes the header checksum (CRC32C of bytes 0..155) after a test changed a header byte. */
    private static void resealHeader(final byte[] block) {
        final CRC32C crc = new CRC32C();
        crc.update(block, 0, BlockHeaderDescriptor.HEADER_CHECKSUM_OFFSET);
        new UnsafeBuffer(block).putInt(BlockHeaderDescriptor.HEADER_CHECKSUM_OFFSET, (int) crc.getValue(),
            java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    private static String upload(final UUID process, final UUID stream, final byte[] block) {
        final BlockHeader header = BlockHeader.decode(new UnsafeBuffer(block), 0, block.length);
        final String objectKey = ObjectKeys.blockKey(fx.clock.instant(), process, stream, header.blockId());
        put(objectKey, block);
        return objectKey;
    }

    private PresignedUpload presign(final UUID blockId, final long length) {
        final var response = fx.post(IngestPaths.BLOCKS_PRESIGN, key,
            IngestJson.toJson(new PresignRequest(processId, List.of(new BlockUpload(streamId, blockId, length)))));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return IngestJson.parsePresignResponse(IngestJson.utf8(response.getBody())).uploads().get(0);
    }

    private static Map<String, String> withoutIfNoneMatch(final Map<String, String> headers) {
        final Map<String, String> copy = new HashMap<>(headers);
        copy.remove("if-none-match");
        return copy;
    }

    /** Writes the other process's stream item directly and drops the ownership item, as an old catalog would hold them. */
    private void legacyCollision(final UUID otherProcess) {
        final String table = IngestFixture.TABLES.streams();
        final Map<String, AttributeValue> item = new HashMap<>(fx.aws.dynamoDb().getItem(b -> b.tableName(table)
            .key(Map.of("process_id", AttributeValue.fromS(processId.toString()),
                "stream_id", AttributeValue.fromS(streamId.toString())))).item());
        item.put("process_id", AttributeValue.fromS(otherProcess.toString()));
        fx.aws.dynamoDb().putItem(b -> b.tableName(table).item(item));
        fx.aws.dynamoDb().deleteItem(b -> b.tableName(table).key(Map.of("process_id",
            AttributeValue.fromS("_owner#" + streamId), "stream_id", AttributeValue.fromS(streamId.toString()))));
        assertThat(streams.owner(streamId)).isEmpty();
    }

    private static UUID registerProcess(final ApiKeyToken owner) {
        final UUID id = UUID.randomUUID();
        assertThat(fx.post(IngestPaths.PROCESSES, owner, IngestJson.toJson(new RegisterProcessRequest(IngestFixture.process(id))))
            .getStatusCode()).isEqualTo(201);
        return id;
    }

    private static BlockIndexer indexer() {
        return fx.wiring(fx.clock).blockIndexer();
    }

    private static void put(final String objectKey, final byte[] bytes) {
        fx.aws.s3().putObject(b -> b.bucket(IngestFixture.BUCKET).key(objectKey), RequestBody.fromBytes(bytes));
    }
}
