package io.lakeobs.benchmarks.ingest;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.lakeobs.functions.ingest.api.ApiRequest;
import io.lakeobs.functions.ingest.api.ApiResponse;
import io.lakeobs.functions.ingest.api.BlockPresigner;
import io.lakeobs.functions.ingest.api.IngestApi;
import io.lakeobs.protocol.BlockUpload;
import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.IngestPaths;
import io.lakeobs.protocol.PresignRequest;
import io.lakeobs.protocol.PresignedUpload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Presigned upload URLs per second on one thread (one core): signing alone (the batch fast path,
 * and the SDK presigner's full pipeline per URL for reference), and the whole ingest API call (API key check, ownership check of the
 * process and stream in DynamoDB Local in-process, signing, JSON) for 1 and 64 blocks per call.
 * Scores are URLs per second.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PresignBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(1)
public class PresignBenchmark {
    private static final int BATCH = 64;

    private AmazonDynamoDBLocal dynamoDbLocal;
    private BlockPresigner presigner;
    private IngestApi api;
    private IngestBench bench;
    private List<BlockUpload> one;
    private List<BlockUpload> batch;
    private ApiRequest presignOne;
    private ApiRequest presignBatch;

    @Setup
    public void setUp() {
        dynamoDbLocal = DynamoDBEmbedded.create(Boolean.TRUE);
        bench = new IngestBench(dynamoDbLocal.dynamoDbClient());
        presigner = new BlockPresigner(S3Presigner.builder().region(Region.US_EAST_1).credentialsProvider(IngestBench.CREDENTIALS).build(),
            IngestBench.BUCKET, Clock.systemUTC(), Duration.ofMinutes(5), IngestBench.CREDENTIALS, Region.US_EAST_1);
        api = bench.wiring.ingestApi();
        one = List.of(new BlockUpload(bench.streamId, UUID.randomUUID(), 65_536));
        batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            batch.add(new BlockUpload(bench.streamId, UUID.randomUUID(), 65_536 + i));
        }
        presignOne = bench.post(IngestPaths.BLOCKS_PRESIGN, IngestJson.toJson(new PresignRequest(bench.processId, one)));
        presignBatch = bench.post(IngestPaths.BLOCKS_PRESIGN, IngestJson.toJson(new PresignRequest(bench.processId, batch)));
        IngestBench.check(api.handle(presignBatch));
    }

    @TearDown
    public void tearDown() {
        dynamoDbLocal.shutdown();
    }

    @Benchmark
    public List<PresignedUpload> signOne() {
        return presigner.presign(bench.processId, one);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<PresignedUpload> signBatch64() {
        return presigner.presign(bench.processId, batch);
    }

    /** The reference: every URL through the SDK presigner's whole per-call pipeline. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<PresignedUpload> signBatch64SdkPipeline() {
        return presigner.presignEach(bench.processId, batch);
    }

    @Benchmark
    public ApiResponse apiPresignOne() {
        return api.handle(presignOne);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public ApiResponse apiPresignBatch64() {
        return api.handle(presignBatch);
    }
}
