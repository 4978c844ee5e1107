package io.lakeobs.functions.ingest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.protocol.ApiKeyToken;
import io.lakeobs.protocol.BlockUpload;
import io.lakeobs.protocol.ErrorCode;
import io.lakeobs.protocol.ErrorResponse;
import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.IngestPaths;
import io.lakeobs.protocol.PresignRequest;
import io.lakeobs.protocol.PresignResponse;
import io.lakeobs.protocol.PresignedUpload;
import io.lakeobs.protocol.ProcessInfo;
import io.lakeobs.protocol.RegisterProcessRequest;
import io.lakeobs.protocol.RegisterStreamRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.lakeobs.protocol.IngestJson.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** The ingest API handler fed with function URL events, against S3Proxy and DynamoDB Local. */
class IngestApiTest {
    private static IngestFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new IngestFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    @Test
    void registersProcessesIdempotentlyAndOnlyForTheirOwner() {
        final ApiKeyToken key = fx.newKey(1000);
        final UUID processId = UUID.randomUUID();
        final String body = IngestJson.toJson(new RegisterProcessRequest(IngestFixture.process(processId)));
        final APIGatewayV2HTTPResponse created = fx.post(IngestPaths.PROCESSES, key, body);
        assertThat(created.getStatusCode()).isEqualTo(201);
        assertThat(IngestJson.parseRegisterResponse(utf8(created.getBody())).created()).isTrue();
        assertThat(fx.post(IngestPaths.PROCESSES, key, body).getStatusCode()).isEqualTo(200);

        final StoredState before = fx.state();
        final ProcessInfo changed = new ProcessInfo(processId, "other.Main", "alice", "host-1", "Linux 6.8", "amd64",
            "17.0.15", 1L, 1_000_000_000L, 0L, null, Map.of());
        assertError(fx.post(IngestPaths.PROCESSES, key, IngestJson.toJson(new RegisterProcessRequest(changed))),
            ErrorCode.CONFLICT, "process.processId");
        assertError(fx.post(IngestPaths.PROCESSES, fx.newKey(1000), body), ErrorCode.FORBIDDEN, "process.processId");
        assertThat(withoutApiKeys(fx.state())).isEqualTo(withoutApiKeys(before));
    }

    @Test
    void registersStreamsOfOwnProcessesOnly() {
        final ApiKeyToken key = fx.newKey(1000);
        final UUID[] ids = fx.registerProcessAndStream(key);
        final String same = IngestJson.toJson(IngestFixture.stream(ids[0], ids[1]));
        assertThat(fx.post(IngestPaths.STREAMS, key, same).getStatusCode()).isEqualTo(200);

        final StoredState before = fx.state();
        assertError(fx.post(IngestPaths.STREAMS, key, IngestJson.toJson(IngestFixture.stream(UUID.randomUUID(), UUID.randomUUID()))),
            ErrorCode.UNKNOWN_PROCESS, "processId");
        assertError(fx.post(IngestPaths.STREAMS, fx.newKey(1000), IngestJson.toJson(IngestFixture.stream(ids[0], UUID.randomUUID()))),
            ErrorCode.FORBIDDEN, "processId");
        final RegisterStreamRequest garbage = new RegisterStreamRequest(UUID.randomUUID(), ids[0], List.of(), Map.of(),
            new byte[] {1, 2, 3, 4, 5});
        assertError(fx.post(IngestPaths.STREAMS, key, IngestJson.toJson(garbage)), ErrorCode.INVALID_FIELD, "declarations");
        final RegisterStreamRequest changed = new RegisterStreamRequest(ids[1], ids[0], List.of("metrics"), Map.of(),
            IngestFixture.stream(ids[0], ids[1]).declarations());
        assertError(fx.post(IngestPaths.STREAMS, key, IngestJson.toJson(changed)), ErrorCode.CONFLICT, "streamId");
        assertThat(withoutApiKeys(fx.state())).isEqualTo(withoutApiKeys(before));
    }

    @Test
    void presignsManyBlocksBoundToKeyLengthAndExpiry() throws Exception {
        final ApiKeyToken key = fx.newKey(1000);
        final UUID[] ids = fx.registerProcessAndStream(key);
        final List<BlockUpload> blocks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            blocks.add(new BlockUpload(ids[1], UUID.randomUUID(), 1000 + i));
        }
        final APIGatewayV2HTTPResponse response = fx.post(IngestPaths.BLOCKS_PRESIGN, key,
            IngestJson.toJson(new PresignRequest(ids[0], blocks)));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        final PresignResponse presigned = IngestJson.parsePresignResponse(utf8(response.getBody()));
        assertThat(presigned.uploads()).hasSize(200);
        for (int i = 0; i < 200; i++) {
            final PresignedUpload upload = presigned.uploads().get(i);
            assertThat(upload.blockId()).isEqualTo(blocks.get(i).blockId());
            assertThat(upload.url()).contains("/" + IngestFixture.BUCKET + "/blocks/2026-11-21/" + ids[0] + "/" + ids[1] + "/" + upload.blockId() + "?");
            final String query = URLDecoder.decode(upload.url().substring(upload.url().indexOf('?') + 1), StandardCharsets.UTF_8);
            assertThat(query).contains("X-Amz-SignedHeaders=content-length;host").contains("X-Amz-Expires=300");
            assertThat(upload.expiresAt()).isEqualTo(fx.clock.instant().plus(Duration.ofMinutes(5)));
        }
    }

    @Test
    void abusiveRequestsGetClearErrorsAndChangeNothing() {
        final ApiKeyToken key = fx.newKey(1000);
        final UUID[] ids = fx.registerProcessAndStream(key);
        final String good = IngestJson.toJson(new PresignRequest(ids[0], List.of(new BlockUpload(ids[1], UUID.randomUUID(), 500))));
        final StoredState before = fx.state();

        assertError(fx.post(IngestPaths.BLOCKS_PRESIGN, null, good), ErrorCode.MISSING_API_KEY, null);
        assertError(fx.post(IngestPaths.BLOCKS_PRESIGN, new ApiKeyToken(key.keyId(), "wrong"), good), ErrorCode.INVALID_API_KEY, null);
        assertError(fx.post(IngestPaths.BLOCKS_PRESIGN, new ApiKeyToken("knope", key.secret()), good), ErrorCode.INVALID_API_KEY, null);
        assertError(fx.post(IngestPaths.BLOCKS_PRESIGN, fx.newKey(1000), good), ErrorCode.FORBIDDEN, "processId");
        assertError(fx.post(IngestPaths.BLOCKS_PRESIGN, key, IngestJson.toJson(new PresignRequest(ids[0],
            List.of(new BlockUpload(ids[1], UUID.randomUUID(), 500), new BlockUpload(UUID.randomUUID(), UUID.randomUUID(), 500))))),
            ErrorCode.UNKNOWN_STREAM, "blocks[1].streamId");
        assertError(fx.post(IngestPaths.BLOCKS_PRESIGN, key, IngestJson.toJson(new PresignRequest(UUID.randomUUID(),
            List.of(new BlockUpload(ids[1], UUID.randomUUID(), 500))))), ErrorCode.UNKNOWN_PROCESS, "processId");
        assertError(fx.post(IngestPaths.BLOCKS_PRESIGN, key, "{\"processId\": \"" + ids[0] + "\", \"blocks\": [{"),
            ErrorCode.MALFORMED_JSON, null);
        assertError(fx.post(IngestPaths.BLOCKS_PRESIGN, key, "{\"processId\": \"" + ids[0] + "\", \"blocks\": [{\"streamId\": \""
            + ids[1] + "\", \"blockId\": \"" + UUID.randomUUID() + "\", \"contentLength\": -5}]}"),
            ErrorCode.INVALID_FIELD, "blocks[0].contentLength");
        assertError(fx.post(IngestPaths.BLOCKS_PRESIGN, key, IngestJson.toJson(new PresignRequest(ids[0],
            List.of(new BlockUpload(ids[1], UUID.randomUUID(), 40L * 1024 * 1024))))), ErrorCode.TOO_LARGE, "blocks[0].contentLength");
        final List<BlockUpload> tooMany = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            tooMany.add(new BlockUpload(ids[1], UUID.randomUUID(), 500));
        }
        assertError(fx.post(IngestPaths.BLOCKS_PRESIGN, key, IngestJson.toJson(new PresignRequest(ids[0], tooMany))),
            ErrorCode.TOO_LARGE, "blocks");
        assertError(fx.post(IngestPaths.PROCESSES, key, "{\"pad\": \"" + "x".repeat(1024 * 1024) + "\"}"), ErrorCode.TOO_LARGE, null);
        assertError(fx.post(IngestPaths.PROCESSES, key, IngestJson.toJson(new RegisterProcessRequest(
            IngestFixture.process(UUID.randomUUID()))).replace("\"exe\":\"app.Main\"", "\"exe\":7")), ErrorCode.INVALID_FIELD, "process.exe");
        assertError(fx.post("/v1/nowhere", key, good), ErrorCode.NOT_FOUND, null);
        assertThat(fx.api.handleRequest(LambdaEvents.functionUrl("GET", IngestPaths.PROCESSES, key.value(), ""), null)
            .getStatusCode()).isEqualTo(405);

        assertThat(withoutApiKeys(fx.state())).isEqualTo(withoutApiKeys(before));
    }

    @Test
    void rotatedKeysWorkUntilTheGraceEndsAndRevokedKeysStopAtOnce() {
        final ApiKeyToken key = fx.newKey(1000);
        final UUID[] ids = fx.registerProcessAndStream(key);
        final String good = IngestJson.toJson(new PresignRequest(ids[0], List.of(new BlockUpload(ids[1], UUID.randomUUID(), 500))));
        // a rotation with a grace period: both secrets work until it ends, then only the new one
        final ApiKeyToken rotated = fx.keys.rotate(key.keyId(), Duration.ofHours(2)).orElseThrow();
        assertThat(fx.post(IngestPaths.BLOCKS_PRESIGN, key, good).getStatusCode()).isEqualTo(200);
        assertThat(fx.post(IngestPaths.BLOCKS_PRESIGN, rotated, good).getStatusCode()).isEqualTo(200);
        fx.clock.advance(Duration.ofHours(2));
        assertError(fx.post(IngestPaths.BLOCKS_PRESIGN, key, good), ErrorCode.INVALID_API_KEY, null);
        assertThat(fx.post(IngestPaths.BLOCKS_PRESIGN, rotated, good).getStatusCode()).isEqualTo(200);
        // a second rotation without grace (a leaked secret): the previous one stops at once
        final ApiKeyToken again = fx.keys.rotate(key.keyId(), Duration.ZERO).orElseThrow();
        assertError(fx.post(IngestPaths.BLOCKS_PRESIGN, rotated, good), ErrorCode.INVALID_API_KEY, null);
        assertThat(fx.post(IngestPaths.BLOCKS_PRESIGN, again, good).getStatusCode()).isEqualTo(200);

        assertThat(fx.keys.run("revoke", key.keyId())).isZero();
        final StoredState before = fx.state();
        assertError(fx.post(IngestPaths.BLOCKS_PRESIGN, again, good), ErrorCode.REVOKED_API_KEY, null);
        assertThat(fx.keys.rotate(key.keyId(), Duration.ZERO)).isEmpty();
        assertThat(fx.state()).isEqualTo(before);
    }

    @Test
    void limitsTheRatePerKeyWithATokenBucket() {
        final ApiKeyToken key = fx.newKey(2); // 2 req/s, burst of 5 s = 10 requests
        final UUID[] ids = fx.registerProcessAndStream(key); // 2 requests
        final String good = IngestJson.toJson(new PresignRequest(ids[0], List.of(new BlockUpload(ids[1], UUID.randomUUID(), 500))));
        for (int i = 0; i < 8; i++) {
            assertThat(fx.post(IngestPaths.BLOCKS_PRESIGN, key, good).getStatusCode()).isEqualTo(200);
        }
        final APIGatewayV2HTTPResponse limited = fx.post(IngestPaths.BLOCKS_PRESIGN, key, good);
        assertError(limited, ErrorCode.RATE_LIMITED, null);
        assertThat(limited.getHeaders()).containsEntry("retry-after", "1");
        fx.clock.advance(Duration.ofMillis(500));
        assertThat(fx.post(IngestPaths.BLOCKS_PRESIGN, key, good).getStatusCode()).isEqualTo(200);
        assertError(fx.post(IngestPaths.BLOCKS_PRESIGN, key, good), ErrorCode.RATE_LIMITED, null);
    }

    @Test
    void registeredProcessIsStoredAsSent() {
        final ApiKeyToken key = fx.newKey(1000);
        final UUID[] ids = fx.registerProcessAndStream(key);
        final ProcessCatalog processes = new ProcessCatalog(fx.aws.dynamoDb(), IngestFixture.TABLES, fx.clock, Duration.ofDays(90));
        assertThat(processes.get(ids[0]).orElseThrow().info()).isEqualTo(IngestFixture.process(ids[0]));
        assertThat(processes.get(ids[0]).orElseThrow().ownerKeyId()).isEqualTo(key.keyId());
    }

    static void assertError(final APIGatewayV2HTTPResponse response, final ErrorCode code, final String field) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(code.httpStatus());
        final ErrorResponse error = IngestJson.parseError(utf8(response.getBody()));
        assertThat(error.code()).as(response.getBody()).isEqualTo(code);
        assertThat(error.field()).as(response.getBody()).isEqualTo(field);
        assertThat(error.message()).isNotBlank();
    }

    private static StoredState withoutApiKeys(final StoredState state) {
        final Map<String, List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>>> items =
            new java.util.TreeMap<>(state.items());
        items.remove(IngestFixture.TABLES.apiKeys());
        return new StoredState(items, state.objects());
    }
}
