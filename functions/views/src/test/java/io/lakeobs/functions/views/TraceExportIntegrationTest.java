package io.lakeobs.functions.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.testing.LocalAws;
import io.lakeobs.functions.core.testing.MutableClock;
import io.lakeobs.functions.views.parquet.ParquetSettings;
import io.lakeobs.functions.views.trace.TraceExportHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.lakeobs.functions.views.TestBlocks.START_TICKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The trace export as the Lambda runs it (no Hadoop on this module's test class path): spans
 * chained across two blocks, an async pair and logs become a trace file in the views bucket that
 * its presigned URL serves; the range filters events; the size cap refuses before any block read.
 */
class TraceExportIntegrationTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final UUID process = new UUID(7, 1);
    private final UUID logs = new UUID(8, 1);
    private final UUID spans = new UUID(8, 3);
    private final MutableClock clock = new MutableClock(T0);
    /** The spans' ticks start 2 s after the logs'. */
    private static final long SPANS = START_TICKS + 2 * TestBlocks.FREQUENCY;
    private final long from = TestBlocks.START_TIME / 1_000_000;
    private LocalAws aws;
    private S3Presigner presigner;

    @BeforeEach
    void start() throws Exception {
        aws = new LocalAws();
        final Seeder seed = new Seeder(aws, clock);
        seed.process(process, "app.jar");
        seed.stream(logs, process, "main");
        seed.stream(spans, process, "worker");
        final TestBlocks.Builder logBlock = new TestBlocks.Builder();
        for (int i = 0; i < 10; i++) {
            logBlock.logArgs(START_TICKS + i, i, "x");
        }
        seed.block(logBlock.encode(process, logs, 0, T0.toEpochMilli()), T0.toEpochMilli());
        seed.block(new TestBlocks.Builder().begin(4, SPANS + 10).begin(5, SPANS + 20).encode(process, spans, 0, 0),
            T0.plusSeconds(1).toEpochMilli());
        seed.block(new TestBlocks.Builder().end(5, SPANS + 30).end(4, SPANS + 40)
            .asyncBegin(1, 0, 0, SPANS + 41).asyncEnd(1, 0, 0, SPANS + 42).encode(process, spans, 2, 0),
            T0.plusSeconds(2).toEpochMilli());
        presigner = S3Presigner.builder().endpointOverride(aws.s3.serviceClientConfiguration().endpointOverride().orElseThrow())
            .region(Region.US_EAST_1).serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret"))).build();
        aws.requests.clear();
    }

    @AfterEach
    void stop() throws Exception {
        presigner.close();
        aws.close();
    }

    private TraceExportHandler handler(final long maxBytes) {
        final ViewsConfig config = new ViewsConfig(aws.tables, LocalAws.RAW_BUCKET, LocalAws.VIEWS_BUCKET, ViewsConfig.Policy.ALL,
            Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(15), 100, 64L << 20, Duration.ofHours(1),
            ParquetSettings.DEFAULT, maxBytes);
        return new TraceExportHandler(new ViewsRuntime(aws.s3, aws.dynamoDb, config, clock, Deadlines.defaults())
            .traceExport(presigner));
    }

    @Test
    void writesTheTraceFileAndServesItThroughAPresignedUrl() throws Exception {
        final Map<String, Object> out = handler(128L << 20).handleRequest(Map.of("process_id", process.toString(),
            "begin", from, "end", from + 60_000), null);
        assertThat(out).containsEntry("key", "traces/" + process + "/" + from + "-" + (from + 60_000) + ".json")
            .containsEntry("expires_at", T0.plus(Duration.ofMinutes(15)).toString())
            .containsEntry("spans", 2).containsEntry("async_events", 2).containsEntry("logs", 10);
        // reads the catalog and the blocks, writes the file alone: no view, no partition, no keep mark
        assertThat(aws.requests).filteredOn(r -> r.startsWith("DDB ")).isNotEmpty().allMatch(r -> r.equals("DDB getItem")
            || r.equals("DDB query"));
        assertThat(aws.requests).filteredOn(r -> r.startsWith("S3 ")).allMatch(r -> r.startsWith("S3 GetObject ")
            || r.equals("S3 PutObject " + out.get("key")));
        assertThat(aws.count("S3 PutObject ")).isEqualTo(1);

        final HttpResponse<byte[]> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create((String) out.get("url")))
            .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        final List<JsonNode> complete = new ArrayList<>();
        JSON.readTree(got.body()).path("traceEvents").forEach(e -> {
            if (e.path("ph").asText().equals("X")) {
                complete.add(e);
            }
        });
        // one complete event per span, the outer one (begun in the first block, ended in the second) first, the inner inside it
        assertThat(complete).extracting(e -> e.path("name").asText()).containsExactly("outer", "inner");
        final JsonNode outer = complete.get(0);
        final JsonNode inner = complete.get(1);
        assertThat(inner.path("args").path("parent").asLong()).isEqualTo(outer.path("args").path("id").asLong());
        assertThat(inner.path("ts").decimalValue()).isGreaterThan(outer.path("ts").decimalValue());
        assertThat(inner.path("ts").decimalValue().add(inner.path("dur").decimalValue()))
            .isLessThan(outer.path("ts").decimalValue().add(outer.path("dur").decimalValue()));
    }

    @Test
    void keepsOnlyTheRangesEvents() {
        // the logs are in the process's first microsecond, the spans 2 s later: the first second holds the logs alone
        final Map<String, Object> out = handler(128L << 20).handleRequest(Map.of("process_id", process.toString(),
            "begin", from, "end", from + 1_000), null);
        assertThat(out).containsEntry("spans", 0).containsEntry("async_events", 0).containsEntry("logs", 10);
    }

    @Test
    void refusesARangeAboveTheSizeCapBeforeReadingABlock() {
        assertThatThrownBy(() -> handler(100).handleRequest(Map.of("process_id", process.toString(), "begin", from,
            "end", from + 60_000), null)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(ViewsConfig.ON_DEMAND_MAX_BYTES + " = 100").hasMessageContaining("ask for a shorter range");
        assertThat(aws.count("S3 GetObject blocks/")).isZero();
        assertThat(aws.writes()).isZero();
    }
}
