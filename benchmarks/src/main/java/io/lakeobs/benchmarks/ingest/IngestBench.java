package io.lakeobs.benchmarks.ingest;

import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.CatalogTables;
import io.lakeobs.functions.core.config.Config;
import io.lakeobs.functions.ingest.IngestWiring;
import io.lakeobs.functions.ingest.api.ApiRequest;
import io.lakeobs.functions.ingest.api.ApiResponse;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.protocol.ApiKeyToken;
import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.IngestPaths;
import io.lakeobs.protocol.ProcessInfo;
import io.lakeobs.protocol.RegisterProcessRequest;
import io.lakeobs.protocol.RegisterStreamRequest;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.OutputStream;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Shared set-up of the ingest benchmarks: tables, an API key, a registered process and stream. */
final class IngestBench {
    static final String BUCKET = "lakeobs-raw";
    static final String PREFIX = "bench-";
    static final AwsCredentialsProvider CREDENTIALS =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("benchaccess", "benchsecret"));

    final Config config = Config.defaults(PREFIX, BUCKET);
    final IngestWiring wiring;
    final ApiKeyToken key;
    final UUID processId = UUID.randomUUID();
    final UUID streamId = UUID.randomUUID();

    /** Creates the tables in {@code dynamoDb}, an unlimited key, and registers a process and a stream. */
    IngestBench(final DynamoDbClient dynamoDb) {
        for (final CreateTableRequest table : CatalogTables.createTableRequests(config.tables())) {
            dynamoDb.createTable(table);
        }
        // S3 is never contacted by presigning: the presigner only computes signatures
        final S3Presigner presigner = S3Presigner.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).build();
        wiring = new IngestWiring(config, dynamoDb, null, presigner, CREDENTIALS, Clock.systemUTC());
        key = new ApiKeyCommand(new ApiKeyCatalog(dynamoDb, config.tables()), Clock.systemUTC(), new SecureRandom(),
            new PrintStream(OutputStream.nullOutputStream())).create(0).orElseThrow();
        final var api = wiring.ingestApi();
        check(api.handle(post(IngestPaths.PROCESSES, IngestJson.toJson(new RegisterProcessRequest(new ProcessInfo(processId,
            "bench.Main", "bench", "localhost", "Linux", "amd64", "17", 1L, 1_000_000_000L, 0L, null, Map.of()))))));
        check(api.handle(post(IngestPaths.STREAMS, IngestJson.toJson(new RegisterStreamRequest(streamId, processId,
            List.of("log"), Map.of(), TelemetryTypes.declarations().encode())))));
    }

    ApiRequest post(final String path, final String body) {
        return new ApiRequest("POST", path, Map.of(IngestPaths.API_KEY_HEADER, key.value(), "content-type", "application/json"),
            IngestJson.utf8(body));
    }

    static ApiResponse check(final ApiResponse response) {
        if (response.status() / 100 != 2) {
            throw new IllegalStateException(response.status() + " " + response.body());
        }
        return response;
    }
}
