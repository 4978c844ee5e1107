package io.lakeobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.protocol.ApiKeyToken;
import io.lakeobs.protocol.BlockUpload;
import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.IngestPaths;
import io.lakeobs.protocol.PresignRequest;
import io.lakeobs.protocol.PresignedUpload;
import io.lakeobs.protocol.ProcessInfo;
import io.lakeobs.protocol.RegisterProcessRequest;
import io.lakeobs.protocol.RegisterStreamRequest;
import io.lakeobs.transit.block.BlockEncoder;
import io.lakeobs.transit.block.BlockSpan;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.DependencyEncoder;
import io.lakeobs.transit.telemetry.EventEncoder;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.transit.telemetry.TelemetrySummarizer;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * The uploader's path through the stack with the real functions: register over the function URL,
 * presign, PUT to S3Proxy with the returned URL and headers, then the S3 event reaches the indexer.
 */
class IngestOverHttpTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void registerPresignUploadAndIndexOverHttp() throws Exception {
        // S3Proxy checks presigned expiry against the wall clock, so the functions sign with it too
        try (EmbeddedStack stack = EmbeddedStack.builder()
                .notificationPollInterval(Duration.ZERO)
                .notificationChaos(new S3Notifications.Chaos(3, true, 1.0))
                .lakeobsFunctions(Clock.systemUTC())
                .start()) {
            final TableNames tables = TableNames.withPrefix(stack.tablePrefix());
            final ApiKeyToken key = new ApiKeyCommand(new ApiKeyCatalog(stack.dynamoDb(), tables), Clock.systemUTC(),
                    new SecureRandom(), new PrintStream(OutputStream.nullOutputStream())).create(1000).orElseThrow();
            final UUID processId = UUID.randomUUID();
            final UUID streamId = UUID.randomUUID();
            final UUID blockId = UUID.randomUUID();

            assertThat(post(stack, IngestPaths.PROCESSES, key, IngestJson.toJson(new RegisterProcessRequest(new ProcessInfo(
                    processId, "app.Main", "alice", "host-1", "Linux", "arm64", "17", 1_763_700_000_000_000_000L,
                    1_000_000_000L, 0L, null, Map.of()))))).extracting(HttpResponse::statusCode).isEqualTo(201);
            assertThat(post(stack, IngestPaths.STREAMS, key, IngestJson.toJson(new RegisterStreamRequest(streamId, processId,
                    List.of("log"), Map.of(), TelemetryTypes.declarations().encode())))).extracting(HttpResponse::statusCode).isEqualTo(201);

            final byte[] block = block(processId, streamId, blockId);
            final HttpResponse<String> presigned = post(stack, IngestPaths.BLOCKS_PRESIGN, key, IngestJson.toJson(
                    new PresignRequest(processId, List.of(new BlockUpload(streamId, blockId, block.length)))));
            assertThat(presigned.statusCode()).as(presigned.body()).isEqualTo(200);
            final PresignedUpload upload = IngestJson.parsePresignResponse(IngestJson.utf8(presigned.body())).uploads().get(0);
            assertThat(URI.create(upload.url()).getHost()).isEqualTo("127.0.0.1");

            final HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.url())).PUT(HttpRequest.BodyPublishers.ofByteArray(block));
            upload.headers().forEach(put::header);
            assertThat(HTTP.send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            // chaos on: the event arrives twice; the second is a no-op
            assertThat(stack.deliverPendingNotifications()).isEqualTo(2);
            assertThat(stack.notifications().failed()).isEmpty();
            final List<BlockRecord> indexed = new BlockCatalog(stack.dynamoDb(), tables).blocksOfProcess(processId);
            assertThat(indexed).extracting(record -> record.header().blockId()).containsExactly(blockId);
            assertThat(indexed.get(0).size()).isEqualTo(block.length);
        }
    }

    private static HttpResponse<String> post(final EmbeddedStack stack, final String path, final ApiKeyToken key,
                                             final String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(stack.ingestUri().resolve(path))
                .header(IngestPaths.API_KEY_HEADER, key.value())
                .header("content-type", IngestPaths.CONTENT_TYPE_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A small valid block: a few log events of one call site. */
    private static byte[] block(final UUID processId, final UUID streamId, final UUID blockId) {
        final byte[] callSite = DependencyEncoder.logCallSite(1, Level.INFO, 7, "app.Main", "hello", "Main.java");
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        int index = 0;
        for (int i = 0; i < 5; i++) {
            index = EventEncoder.logStatic(buffer, index, 1, 100 + i);
        }
        final long begin = 1_763_755_200_000_000_000L;
        return new BlockEncoder(Compression.LZ4, new TelemetrySummarizer()).encode(
                new BlockSpan(processId, streamId, blockId, begin, begin + 1_000_000, 0, 1000, 0),
                TelemetryTypes.declarations(), buffer, 0, index, (id, out, at) -> {
                    out.putBytes(at, callSite);
                    return callSite.length;
                });
    }
}
