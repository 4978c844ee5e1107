package io.lakeobs.tests.localstack;

import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.CatalogTables;
import io.lakeobs.functions.core.catalog.QuarantineCatalog;
import io.lakeobs.functions.core.config.Config;
import io.lakeobs.functions.ingest.IndexerHandler;
import io.lakeobs.functions.ingest.IngestApiHandler;
import io.lakeobs.functions.ingest.IngestWiring;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.local.FunctionUrlEvents;
import io.lakeobs.local.LambdaInvoker;
import io.lakeobs.local.LocalContext;
import io.lakeobs.local.S3EventJson;
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
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest API and the indexer against LocalStack's S3 and DynamoDB, where a Docker engine
 * exists: the same handlers and event JSON as on AWS, a second implementation of the protocols
 * beside the embedded S3Proxy and DynamoDB Local. Without Docker the class is skipped, and JUnit
 * reports it as skipped ("disabledWithoutDocker"), never as passed.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackIngestTest {
    private static final String BUCKET = "lakeobs-raw";
    private static final String PREFIX = "ls-";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Container
    private static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8"))
        .withServices(LocalStackContainer.Service.S3, LocalStackContainer.Service.DYNAMODB);

    private static S3Client s3;
    private static DynamoDbClient dynamoDb;
    private static IngestWiring wiring;
    private static Config config;

    @BeforeAll
    static void createBucketAndTables() {
        final URI endpoint = LOCALSTACK.getEndpoint();
        final AwsCredentialsProvider credentials = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
        final Region region = Region.of(LOCALSTACK.getRegion());
        s3 = S3Client.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
            .forcePathStyle(true).build();
        dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials).build();
        final S3Presigner presigner = S3Presigner.builder().endpointOverride(endpoint).region(region)
            .credentialsProvider(credentials)
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        config = Config.defaults(PREFIX, BUCKET).withEndpoints(endpoint, endpoint);
        s3.createBucket(request -> request.bucket(BUCKET));
        CatalogTables.createTableRequests(config.tables()).forEach(dynamoDb::createTable);
        wiring = new IngestWiring(config, dynamoDb, s3, presigner, credentials, Clock.systemUTC());
    }

    @Test
    void registerPresignUploadAndIndexAgainstLocalStack() throws Exception {
        final ApiKeyToken key = new ApiKeyCommand(new ApiKeyCatalog(dynamoDb, config.tables()), Clock.systemUTC(),
            new SecureRandom(), new PrintStream(OutputStream.nullOutputStream())).create(1000).orElseThrow();
        final IngestApiHandler api = new IngestApiHandler(wiring.ingestApi());
        final UUID processId = UUID.randomUUID();
        final UUID streamId = UUID.randomUUID();
        final UUID blockId = UUID.randomUUID();

        assertThat(call(api, IngestPaths.PROCESSES, key, IngestJson.toJson(new RegisterProcessRequest(new ProcessInfo(
            processId, "app.Main", "alice", "host-1", "Linux", "amd64", "17", 1_763_700_000_000_000_000L,
            1_000_000_000L, 0L, null, Map.of())))).statusCode()).isEqualTo(201);
        assertThat(call(api, IngestPaths.STREAMS, key, IngestJson.toJson(new RegisterStreamRequest(streamId, processId,
            List.of("log"), Map.of(), TelemetryTypes.declarations().encode()))).statusCode()).isEqualTo(201);

        final byte[] block = block(processId, streamId, blockId);
        final FunctionUrlEvents.HttpResponse presigned = call(api, IngestPaths.BLOCKS_PRESIGN, key, IngestJson.toJson(
            new PresignRequest(processId, List.of(new BlockUpload(streamId, blockId, block.length)))));
        assertThat(presigned.statusCode()).as(new String(presigned.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        final PresignedUpload upload = IngestJson.parsePresignResponse(presigned.body()).uploads().get(0);
        final HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.url())).PUT(HttpRequest.BodyPublishers.ofByteArray(block));
        upload.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                put.header(name, value);
            }
        });
        assertThat(HTTP.send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);

        // a garbage object beside it, and the block's event delivered twice: one item, one quarantine record
        final String blockKey = URI.create(upload.url()).getPath().substring(("/" + BUCKET + "/").length()); // path-style URL
        final String garbageKey = blockKey.substring(0, blockKey.lastIndexOf('/') + 1) + UUID.randomUUID();
        s3.putObject(request -> request.bucket(BUCKET).key(garbageKey), RequestBody.fromString("not a block"));
        final IndexerHandler indexer = new IndexerHandler(wiring.blockIndexer(), Metrics.none());
        for (final String eventJson : List.of(event(blockKey, block.length), event(garbageKey, 11), event(blockKey, block.length))) {
            LambdaInvoker.invoke(indexer, eventJson, LocalContext.forFunction("indexer"));
        }

        final List<BlockRecord> indexed = new BlockCatalog(dynamoDb, config.tables()).blocksOfProcess(processId);
        assertThat(indexed).extracting(record -> record.header().blockId()).containsExactly(blockId);
        assertThat(indexed.get(0).header().objectCount()).isEqualTo(5);
        assertThat(new QuarantineCatalog(dynamoDb, config.tables()).get(garbageKey)).isPresent();
    }

    private static FunctionUrlEvents.HttpResponse call(final IngestApiHandler api, final String path, final ApiKeyToken key,
                                                       final String json) {
        final FunctionUrlEvents.HttpRequest request = new FunctionUrlEvents.HttpRequest("POST", path, "",
            Map.of(IngestPaths.API_KEY_HEADER, List.of(key.value()), "content-type", List.of(IngestPaths.CONTENT_TYPE_JSON)),
            json.getBytes(StandardCharsets.UTF_8), "127.0.0.1");
        final String event = FunctionUrlEvents.toEventJson(request, "ingest.localstack", UUID.randomUUID().toString(), Instant.now());
        return FunctionUrlEvents.fromResponseJson(LambdaInvoker.invoke(api, event, LocalContext.forFunction("ingest")));
    }

    private static String event(final String key, final long size) {
        return S3EventJson.objectCreatedPut(LOCALSTACK.getRegion(), new S3EventJson.ObjectCreated(BUCKET, key, size,
            "0123456789abcdef0123456789abcdef", "0055AED6DCD90281E5", Instant.now()));
    }

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
