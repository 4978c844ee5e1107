package io.lakeobs.functions.ingest;

import io.lakeobs.functions.core.testing.MutableClock;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.functions.core.store.ObjectKeys;
import io.lakeobs.functions.ingest.indexer.BlockIndexer;
import io.lakeobs.functions.ingest.indexer.IndexOutcome;
import io.lakeobs.protocol.BlockUpload;
import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.IngestPaths;
import io.lakeobs.protocol.PresignRequest;
import io.lakeobs.protocol.PresignedUpload;
import io.lakeobs.transit.block.BlockHeader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.lakeobs.protocol.IngestJson.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presigned uploads through S3Proxy (which checks SigV4 presigned URLs against its own wall
 * clock) and the indexer fed with S3 notification events.
 */
class UploadAndIndexTest extends RegisteredStreamTest {
    @Test
    void uploadsThroughPresignedUrlsAndIndexesOnce() throws Exception {
        final List<byte[]> bodies = new ArrayList<>();
        final List<UUID> blockIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            blockIds.add(UUID.randomUUID());
            bodies.add(Blocks.block(processId, streamId, blockIds.get(i), BEGIN + i * 1_000_000L, 10 + i));
        }
        final List<PresignedUpload> uploads = presign(blockIds, bodies);
        for (int i = 0; i < 3; i++) {
            assertThat(fx.put(uploads.get(i).url(), uploads.get(i).headers(), bodies.get(i)).statusCode()).isEqualTo(200);
        }
        final List<String> keys = blockIds.stream().map(id -> ObjectKeys.blockKey(fx.clock.instant(), processId, streamId, id)).toList();

        // out of order, the last one twice, then everything twice more
        fx.clock.advance(Duration.ofSeconds(1));
        fx.indexer.handleRequest(LambdaEvents.objectCreated(IngestFixture.BUCKET, List.of(keys.get(2), keys.get(0), keys.get(2)), 0), null);
        fx.indexer.handleRequest(LambdaEvents.objectCreated(IngestFixture.BUCKET, List.of(keys.get(1)), 0), null);
        final StoredState indexed = fx.state();
        fx.clock.advance(Duration.ofSeconds(30));
        fx.indexer.handleRequest(LambdaEvents.objectCreated(IngestFixture.BUCKET, List.of(keys.get(1), keys.get(0), keys.get(2)), 0), null);
        fx.indexer.handleRequest(LambdaEvents.objectCreated(IngestFixture.BUCKET, List.of(keys.get(0), keys.get(2), keys.get(1)), 0), null);
        assertThat(fx.state()).isEqualTo(indexed);

        final List<BlockRecord> ofStream = blocks.blocksOfStream(streamId, BEGIN, BEGIN + 3_000_000L);
        assertThat(ofStream).extracting(b -> b.header().blockId()).containsExactlyElementsOf(blockIds);
        final BlockRecord first = ofStream.get(0);
        assertThat(first.header()).isEqualTo(BlockHeader.decode(new UnsafeBuffer(bodies.get(0)), 0, bodies.get(0).length));
        assertThat(first.size()).isEqualTo(bodies.get(0).length);
        assertThat(first.reconcile()).isFalse();
        assertThat(first.objectKey()).isEqualTo(keys.get(0));
        assertThat(blocks.blocksOfStream(streamId, BEGIN + 1, BEGIN + 2_000_001L)).extracting(b -> b.header().blockId())
            .containsExactly(blockIds.get(1), blockIds.get(2));
        assertThat(blocks.blocksOfProcess(processId)).hasSize(3);
        assertThat(blocks.blocksInsertedInMinute(fx.clock.instant().minusSeconds(30)))
            .extracting(b -> b.header().blockId()).contains(blockIds.toArray(UUID[]::new));
        assertThat(streams.get(processId, streamId).orElseThrow().lastSeenMillis())
            .isEqualTo(fx.clock.instant().minusSeconds(30).toEpochMilli());
    }

    @Test
    void expiredUrlIsRefusedAndStoresNothing() throws Exception {
        final MutableClock past = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
        final var api = new IngestApiHandler(fx.wiring(past).ingestApi());
        final UUID blockId = UUID.randomUUID();
        final byte[] body = Blocks.block(processId, streamId, blockId, BEGIN, 5);
        final APIGatewayV2HTTPResponse response = api.handleRequest(LambdaEvents.functionUrl("POST", IngestPaths.BLOCKS_PRESIGN,
            key.value(), IngestJson.toJson(new PresignRequest(processId, List.of(new BlockUpload(streamId, blockId, body.length))))), null);
        final PresignedUpload upload = IngestJson.parsePresignResponse(utf8(response.getBody())).uploads().get(0);
        assertThat(upload.expiresAt()).isBefore(Instant.now());
        final StoredState before = fx.state();
        assertThat(fx.put(upload.url(), upload.headers(), body).statusCode()).isEqualTo(403);
        assertThat(fx.state()).isEqualTo(before);
    }

    @Test
    void alteredUrlsAndWrongLengthsAreRefusedAndStoreNothing() throws Exception {
        final UUID blockId = UUID.randomUUID();
        final byte[] body = Blocks.block(processId, streamId, blockId, BEGIN, 5);
        final PresignedUpload upload = presign(List.of(blockId), List.of(body)).get(0);
        final StoredState before = fx.state();

        final String otherKey = upload.url().replace(blockId.toString(), UUID.randomUUID().toString());
        assertThat(fx.put(otherKey, upload.headers(), body).statusCode()).isEqualTo(403);
        final String otherProcess = upload.url().replace(processId.toString(), UUID.randomUUID().toString());
        assertThat(fx.put(otherProcess, upload.headers(), body).statusCode()).isEqualTo(403);
        final String longer = upload.url().replace("X-Amz-Expires=300", "X-Amz-Expires=600");
        assertThat(fx.put(longer, upload.headers(), body).statusCode()).isEqualTo(403);
        final int sig = upload.url().indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        final char flipped = upload.url().charAt(sig) == '0' ? '1' : '0';
        final String badSignature = upload.url().substring(0, sig) + flipped + upload.url().substring(sig + 1);
        assertThat(fx.put(badSignature, upload.headers(), body).statusCode()).isEqualTo(403);
        assertThat(fx.put(upload.url(), upload.headers(), Arrays.copyOf(body, body.length + 1)).statusCode()).isEqualTo(403);
        assertThat(fx.put(upload.url(), upload.headers(), Arrays.copyOf(body, body.length - 1)).statusCode()).isEqualTo(403);
        assertThat(fx.state()).isEqualTo(before);

        assertThat(fx.put(upload.url(), upload.headers(), body).statusCode()).isEqualTo(200);
    }

    @Test
    void quarantinesInvalidObjectsAndIndexesTheRestOfTheBatch() {
        final BlockIndexer indexer = fx.wiring(fx.clock).blockIndexer();
        final UUID goodId = UUID.randomUUID();
        final String good = ObjectKeys.blockKey(fx.clock.instant(), processId, streamId, goodId);
        fx.aws.s3().putObject(b -> b.bucket(IngestFixture.BUCKET).key(good),
            software.amazon.awssdk.core.sync.RequestBody.fromBytes(Blocks.block(processId, streamId, goodId, BEGIN, 3)));
        final String garbage = ObjectKeys.blockKey(fx.clock.instant(), processId, streamId, UUID.randomUUID());
        put(garbage, "this is not a block, just some bytes dropped into the bucket".repeat(5).getBytes());
        final UUID otherBlock = UUID.randomUUID();
        final String wrongIds = ObjectKeys.blockKey(fx.clock.instant(), processId, streamId, UUID.randomUUID());
        put(wrongIds, Blocks.block(processId, streamId, otherBlock, BEGIN, 3));
        final UUID truncatedId = UUID.randomUUID();
        final byte[] whole = Blocks.block(processId, streamId, truncatedId, BEGIN, 3);
        final String truncated = ObjectKeys.blockKey(fx.clock.instant(), processId, streamId, truncatedId);
        put(truncated, Arrays.copyOf(whole, whole.length - 1));
        final String badKey = "blocks/not-a-uuid/x/y";
        put(badKey, whole);
        final String empty = ObjectKeys.blockKey(fx.clock.instant(), processId, streamId, UUID.randomUUID());
        put(empty, new byte[0]);
        put("declarations/elsewhere", whole);

        fx.metricLines.clear();
        fx.indexer.handleRequest(LambdaEvents.objectCreated(IngestFixture.BUCKET,
            List.of(garbage, wrongIds, good, truncated, badKey, empty, "declarations/elsewhere", "blocks/gone/a/b"), 0), null);

        assertThat(quarantine.get(garbage).orElseThrow().reason()).contains("bad magic");
        assertThat(quarantine.get(wrongIds).orElseThrow().reason()).contains("block id " + otherBlock + " differs");
        assertThat(quarantine.get(truncated).orElseThrow().reason()).contains("object is " + (whole.length - 1) + " bytes");
        assertThat(quarantine.get(badKey).orElseThrow().reason()).contains("key is not");
        assertThat(quarantine.get(empty).orElseThrow().reason()).contains("shorter than its header");
        assertThat(quarantine.get("declarations/elsewhere")).isEmpty();
        assertThat(quarantine.insertedInMinute(fx.clock.instant())).extracting(q -> q.objectKey())
            .contains(garbage, wrongIds, truncated, badKey, empty);
        assertThat(blocks.blocksOfStream(streamId, 0, Long.MAX_VALUE)).extracting(b -> b.header().blockId()).containsExactly(goodId);
        // the event's metrics: one EMF line, by stack and function
        assertThat(fx.metricLines).hasSize(1);
        assertThat(fx.metricLines.get(0)).contains("\"Namespace\":\"lakeobs\"", "\"Function\":\"indexer\"",
            "\"BlocksIndexed\":1", "\"BlocksQuarantined\":5", "\"BlocksParked\":0", "\"IndexFailures\":0");

        final StoredState before = fx.state();
        assertThat(indexer.index(IngestFixture.BUCKET, garbage)).isEqualTo(IndexOutcome.QUARANTINED);
        assertThat(indexer.index(IngestFixture.BUCKET, good)).isEqualTo(IndexOutcome.DUPLICATE);
        assertThat(indexer.index(IngestFixture.BUCKET, "blocks/gone/a/b")).isEqualTo(IndexOutcome.MISSING);
        assertThat(indexer.index("another-bucket", good)).isEqualTo(IndexOutcome.IGNORED);
        assertThat(fx.state()).isEqualTo(before);
    }

    @Test
    void indexesBlocksOfUnknownStreamsFlaggedForReconciliation() {
        final UUID unknownStream = UUID.randomUUID();
        final UUID blockId = UUID.randomUUID();
        final String key = ObjectKeys.blockKey(fx.clock.instant(), processId, unknownStream, blockId);
        put(key, Blocks.block(processId, unknownStream, blockId, BEGIN, 2));
        fx.indexer.handleRequest(LambdaEvents.objectCreated(IngestFixture.BUCKET, List.of(key), 0), null);
        final List<BlockRecord> indexed = blocks.blocksOfStream(unknownStream, 0, Long.MAX_VALUE);
        assertThat(indexed).hasSize(1);
        assertThat(indexed.get(0).reconcile()).isTrue();
        assertThat(streams.get(processId, unknownStream)).isEmpty();

        // the client registers the stream late (e.g. after retention removed its metadata): reconciled
        assertThat(fx.post(IngestPaths.STREAMS, this.key, IngestJson.toJson(IngestFixture.stream(processId, unknownStream)))
            .getStatusCode()).isEqualTo(201);
        assertThat(blocks.blocksOfStream(unknownStream, 0, Long.MAX_VALUE)).singleElement()
            .satisfies(block -> assertThat(block.reconcile()).isFalse());
        assertThat(blocks.unreconciledBlocksOfStream(unknownStream)).isEmpty();

        // a block of that stream indexed from now on is ordinary
        final UUID later = UUID.randomUUID();
        final String laterKey = ObjectKeys.blockKey(fx.clock.instant(), processId, unknownStream, later);
        put(laterKey, Blocks.block(processId, unknownStream, later, BEGIN + 1_000_000_000L, 2));
        fx.indexer.handleRequest(LambdaEvents.objectCreated(IngestFixture.BUCKET, List.of(laterKey), 0), null);
        assertThat(blocks.blocksOfStream(unknownStream, 0, Long.MAX_VALUE)).hasSize(2)
            .allSatisfy(block -> assertThat(block.reconcile()).isFalse());
    }

    @Test
    void aFailedBatchThrowsAfterTryingEveryRecordAndARetryCompletesIt() {
        final List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            final UUID blockId = UUID.randomUUID();
            keys.add(ObjectKeys.blockKey(fx.clock.instant(), processId, streamId, blockId));
            put(keys.get(i), Blocks.block(processId, streamId, blockId, BEGIN + i, 2));
        }
        // the same S3, but tables that do not exist: every DynamoDB call fails
        final io.lakeobs.functions.core.config.Config broken = io.lakeobs.functions.core.config.Config.defaults("missing-",
            IngestFixture.BUCKET);
        final List<String> metricLines = new ArrayList<>();
        final IndexerHandler failing = new IndexerHandler(new IngestWiring(broken, fx.aws.dynamoDb(), fx.aws.s3(),
            fx.aws.presigner(), LocalAws.CREDENTIALS, fx.clock).blockIndexer(),
            new Metrics("test", "indexer", fx.clock, metricLines::add));
        final StoredState before = fx.state();
        final var event = LambdaEvents.objectCreated(IngestFixture.BUCKET, keys, 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> failing.handleRequest(event, null))
            .hasMessageContaining(keys.get(0))
            .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(metricLines).singleElement().asString().contains("\"IndexFailures\":2", "\"BlocksIndexed\":0");
        assertThat(fx.state()).isEqualTo(before);

        fx.indexer.handleRequest(event, null); // Lambda's retry
        assertThat(blocks.blocksOfStream(streamId, 0, Long.MAX_VALUE)).hasSize(2);
    }

    private List<PresignedUpload> presign(final List<UUID> blockIds, final List<byte[]> bodies) {
        final List<BlockUpload> uploads = new ArrayList<>();
        for (int i = 0; i < blockIds.size(); i++) {
            uploads.add(new BlockUpload(streamId, blockIds.get(i), bodies.get(i).length));
        }
        final APIGatewayV2HTTPResponse response = fx.post(IngestPaths.BLOCKS_PRESIGN, key,
            IngestJson.toJson(new PresignRequest(processId, uploads)));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return IngestJson.parsePresignResponse(utf8(response.getBody())).uploads();
    }

    private static void put(final String key, final byte[] bytes) {
        fx.aws.s3().putObject(b -> b.bucket(IngestFixture.BUCKET).key(key),
            software.amazon.awssdk.core.sync.RequestBody.fromBytes(bytes));
    }

}
