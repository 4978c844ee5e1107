package io.lakeobs.functions.ingest;

import io.lakeobs.functions.core.testing.MutableClock;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.QuarantineCatalog;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.core.config.Config;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.protocol.ApiKeyToken;
import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.IngestPaths;
import io.lakeobs.protocol.ProcessInfo;
import io.lakeobs.protocol.RegisterProcessRequest;
import io.lakeobs.protocol.RegisterStreamRequest;
import io.lakeobs.transit.telemetry.TelemetryTypes;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The ingest and indexer functions over a {@link LocalAws}, with a hand-moved clock. */
public final class IngestFixture implements AutoCloseable {
    public static final String BUCKET = "lakeobs-raw";
    public static final TableNames TABLES = TableNames.withPrefix("test-");

    public final LocalAws aws;
    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T20:00:00Z"));
    public final Config config;
    public final IngestApiHandler api;
    public final IndexerHandler indexer;
    public final ApiKeyCommand keys;
    /** The catalog as the tests read it back. */
    public final BlockCatalog blocks;
    public final QuarantineCatalog quarantine;
    public final StreamCatalog streams;
    /** The indexer handler's EMF lines. */
    public final List<String> metricLines = new java.util.concurrent.CopyOnWriteArrayList<>();

    public IngestFixture() throws Exception {
        aws = new LocalAws(TABLES, BUCKET);
        config = Config.defaults("test-", BUCKET);
        final IngestWiring wiring = wiring(clock);
        api = new IngestApiHandler(wiring.ingestApi());
        indexer = new IndexerHandler(wiring.blockIndexer(), new Metrics("test", "indexer", clock, metricLines::add));
        keys = new ApiKeyCommand(new ApiKeyCatalog(aws.dynamoDb(), TABLES), clock, new SecureRandom(),
            new PrintStream(OutputStream.nullOutputStream()));
        blocks = new BlockCatalog(aws.dynamoDb(), TABLES);
        quarantine = new QuarantineCatalog(aws.dynamoDb(), TABLES);
        streams = new StreamCatalog(aws.dynamoDb(), TABLES, clock, new BlockStore(aws.s3(), BUCKET), 64 * 1024);
    }

    public IngestWiring wiring(final java.time.Clock wiringClock) {
        return new IngestWiring(config, aws.dynamoDb(), aws.s3(), aws.presigner(), LocalAws.CREDENTIALS, wiringClock);
    }

    public ApiKeyToken newKey(final int ratePerSecond) {
        return keys.create(ratePerSecond).orElseThrow();
    }

    public APIGatewayV2HTTPResponse post(final String path, final ApiKeyToken key, final String body) {
        return api.handleRequest(LambdaEvents.functionUrl("POST", path, key == null ? null : key.value(), body), null);
    }

    public static ProcessInfo process(final UUID processId) {
        return new ProcessInfo(processId, "app.Main", "alice", "host-1", "Linux 6.8", "amd64", "17.0.15",
            1_763_700_000_000_000_000L, 1_000_000_000L, 12345L, null, Map.of("env", "test"));
    }

    public static RegisterStreamRequest stream(final UUID processId, final UUID streamId) {
        return new RegisterStreamRequest(streamId, processId, List.of("log"), Map.of("thread", "main"),
            TelemetryTypes.declarations().encode());
    }

    /** Registers a process and a stream for {@code key}; returns {processId, streamId}. */
    public UUID[] registerProcessAndStream(final ApiKeyToken key) {
        final UUID processId = UUID.randomUUID();
        final UUID streamId = UUID.randomUUID();
        check(post(IngestPaths.PROCESSES, key, IngestJson.toJson(new RegisterProcessRequest(process(processId)))), 201);
        check(post(IngestPaths.STREAMS, key, IngestJson.toJson(stream(processId, streamId))), 201);
        return new UUID[] {processId, streamId};
    }

    /** PUTs {@code body} to a presigned URL with its headers, as the uploader does (JDK HTTP client). */
    /**
     * One PUT on a fresh connection. S3Proxy answers a refused upload before reading its body and then
     * closes the connection, so a pooled connection can be dead when reused, and a reset can race the
     * answer: a send that failed before any response byte arrived is tried again (at most three times).
     */
    public HttpResponse<String> put(final String url, final Map<String, String> headers, final byte[] body) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        for (int attempt = 1; ; attempt++) {
            try {
                return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (final IOException noResponse) {
                if (attempt == 3) {
                    throw noResponse;
                }
            }
        }
    }

    public StoredState state() {
        return StoredState.capture(aws.dynamoDb(), aws.s3(), TABLES, BUCKET);
    }

    private static void check(final APIGatewayV2HTTPResponse response, final int status) {
        if (response.getStatusCode() != status) {
            throw new AssertionError("expected " + status + " but got " + response.getStatusCode() + ": " + response.getBody());
        }
    }

    @Override
    public void close() throws Exception {
        aws.close();
    }
}
