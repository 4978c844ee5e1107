package io.lakeobs.tests.isolation;

import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.core.config.IngestBudgets;
import io.lakeobs.functions.ingest.IndexerHandler;
import io.lakeobs.functions.ingest.IngestApiHandler;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.functions.views.GlobalViews;
import io.lakeobs.functions.views.OnDemandEtl;
import io.lakeobs.functions.views.ViewsConfig;
import io.lakeobs.functions.views.ViewsRuntime;
import io.lakeobs.functions.core.partitions.Partition;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.local.EmbeddedStack;
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
import io.lakeobs.uploader.SettableClock;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, point 3, on the embedded stack: one key uploads maximal-ratio blocks (tiny budgets),
 * another normal ones. The normal key's windows are published by the first views run after their
 * lateness; the heavy key's blocks are parked: indexed, held out of the global views, counted, and
 * retrievable on demand.
 */
class BudgetAcceptanceTest {
    private static final long START_NANOS = 1_763_700_000_000_000_000L;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The functions' clock: the wall clock's minute (S3Proxy checks presigned expiry by wall time), held still. */
    private static final SettableClock CLOCK = new SettableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(5));
    private static final ByteArrayOutputStream METRICS = new ByteArrayOutputStream();
    private static EmbeddedStack stack;
    private static TableNames tables;

    @BeforeAll
    static void start() throws Exception {
        final PrintStream metrics = new PrintStream(METRICS, true, StandardCharsets.UTF_8);
        stack = EmbeddedStack.builder().tablePrefix("budget-").notificationPollInterval(Duration.ZERO)
            .ingestHandler(s -> new IngestApiHandler(s.ingestWiring(CLOCK).ingestApi()))
            .indexerHandler(s -> new IndexerHandler(s.ingestWiring(CLOCK).withBudgets(IngestBudgets.DEFAULT, metrics)
                .blockIndexer(), Metrics.none()))
            .start();
        tables = TableNames.withPrefix("budget-");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aHeavyKeyIsParkedAndTheOtherKeysWindowsArePublishedOnTime() throws Exception {
        final ApiKeyCatalog keys = new ApiKeyCatalog(stack.dynamoDb(), tables);
        final ApiKeyCommand command = new ApiKeyCommand(keys, CLOCK, new SecureRandom(), new PrintStream(PrintStream.nullOutputStream()));
        final ApiKeyToken heavy = command.create(1000).orElseThrow();
        final ApiKeyToken normal = command.create(1000).orElseThrow();
        assertThat(command.run("budget", heavy.keyId(), "--bytes", "100000", "--events", "10000")).isZero(); // tiny budgets
        final UUID[] heavyIds = register(heavy);
        final UUID[] normalIds = register(normal);

        for (int i = 0; i < 3; i++) {
            upload(heavy, heavyIds, i, 60_000); // 60 000 events, a few KB compressed
            upload(normal, normalIds, i, 10);
        }
        assertThat(stack.deliverPendingNotifications()).isEqualTo(6);

        final BlockCatalog blocks = new BlockCatalog(stack.dynamoDb(), tables);
        assertThat(blocks.blocksOfProcess(heavyIds[0])).hasSize(3).allMatch(BlockRecord::parked);
        assertThat(blocks.blocksOfProcess(normalIds[0])).hasSize(3).noneMatch(BlockRecord::parked);
        assertThat(METRICS.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"BlocksParked\":1")
            && l.contains("\"KeyId\":\"" + heavy.keyId() + "\"")).count()).isEqualTo(3);

        // the first views run after the minute's lateness publishes the normal key's window, and reads no parked block
        final ViewsConfig config = ViewsConfig.fromEnv(Map.of(ViewsConfig.VIEWS_BUCKET, stack.viewsBucket()), tables,
            stack.rawBucket());
        final Clock viewsClock = Clock.offset(CLOCK, config.lateness().plusMinutes(1));
        final ViewsRuntime runtime = new ViewsRuntime(stack.s3(), stack.dynamoDb(), config, viewsClock, io.lakeobs.functions.core.retention.Deadlines.defaults());
        final GlobalViews.Report report = runtime.global().run();
        assertThat(report.blocksRead()).isEqualTo(3);
        final long minute = CLOCK.instant().truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
        final PartitionCatalog partitions = new PartitionCatalog(stack.dynamoDb(), tables.partitions());
        final Partition window = partitions.get("log_entries", "global", minute, minute + 60_000).orElseThrow();
        assertThat(window.rows()).isEqualTo(30);

        // the heavy key's data is there on demand
        final OnDemandEtl.Result onDemand = runtime.onDemand().run(new OnDemandEtl.Request(heavyIds[0], null,
            START_NANOS / 1_000_000, START_NANOS / 1_000_000 + 3_600_000));
        assertThat(onDemand.blocksRead()).isEqualTo(3);
        assertThat(onDemand.partitions()).filteredOn(p -> p.view().equals("log_entries")).singleElement()
            .satisfies(p -> assertThat(p.rows()).isEqualTo(180_000));
    }

    private static UUID[] register(final ApiKeyToken key) throws Exception {
        final UUID process = UUID.randomUUID();
        final UUID stream = UUID.randomUUID();
        post(IngestPaths.PROCESSES, key, IngestJson.toJson(new RegisterProcessRequest(new ProcessInfo(process, "app.Main",
            "alice", "host-1", "Linux", "amd64", "17", START_NANOS, 1_000_000_000L, 0, null, Map.of()))), 201);
        post(IngestPaths.STREAMS, key, IngestJson.toJson(new RegisterStreamRequest(stream, process, List.of("log"), Map.of(),
            TelemetryTypes.declarations().encode())), 201);
        return new UUID[] {process, stream};
    }

    /** Presigns and PUTs block {@code index} of the stream: {@code events} log events of one call site. */
    private static void upload(final ApiKeyToken key, final UUID[] ids, final int index, final int events) throws Exception {
        final UUID blockId = UUID.randomUUID();
        final byte[] block = block(ids[0], ids[1], blockId, index, events);
        final String presigned = post(IngestPaths.BLOCKS_PRESIGN, key, IngestJson.toJson(new PresignRequest(ids[0],
            List.of(new BlockUpload(ids[1], blockId, block.length)))), 200);
        final PresignedUpload upload = IngestJson.parsePresignResponse(presigned.getBytes(StandardCharsets.UTF_8))
            .uploads().get(0);
        final HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.url()))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(block));
        upload.headers().forEach(put::header);
        assertThat(HTTP.send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private static byte[] block(final UUID process, final UUID stream, final UUID blockId, final int index, final int events) {
        final byte[] callSite = DependencyEncoder.logCallSite(1, Level.INFO, 42, "app.Main", "tick", "Main.java");
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(events * 16);
        final long firstTick = index * 1_000_000_000L;
        int at = 0;
        for (int i = 0; i < events; i++) {
            at = EventEncoder.logStatic(buffer, at, 1, firstTick + i);
        }
        final long begin = START_NANOS + firstTick;
        return new BlockEncoder(Compression.LZ4, new TelemetrySummarizer()).encode(new BlockSpan(process, stream, blockId,
            begin, begin + 1_000_000_000L, firstTick, firstTick + 1_000_000_000L, (long) index * events),
            TelemetryTypes.declarations(), buffer, 0, at, (id, out, offset) -> {
                out.putBytes(offset, callSite);
                return callSite.length;
            });
    }

    private static String post(final String path, final ApiKeyToken key, final String body, final int status) throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(stack.ingestUri().resolve(path))
            .header(IngestPaths.API_KEY_HEADER, key.value()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body();
    }
}
