package io.lakeobs.functions.views;

import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.config.AwsClients;
import io.lakeobs.functions.core.config.Config;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.views.catalog.ViewStore;
import io.lakeobs.functions.views.split.LambdaViewWorkers;
import io.lakeobs.functions.views.split.SplitSettings;
import io.lakeobs.functions.views.split.ViewPartWorker;
import io.lakeobs.functions.views.split.ViewWorkers;
import io.lakeobs.functions.views.trace.TraceExport;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * Wires the views jobs from collaborators: used by the handlers (from the environment, once per
 * container) and by the local stack and tests (with their own clients and clock).
 */
public final class ViewsRuntime {
    private final GlobalViews global;
    private final OnDemandEtl onDemand;
    private final Backfill backfill;
    private final ViewPublisher publisher;
    private final ViewPartWorker partWorker;
    private final CatalogSource source;
    private final S3Client s3;
    private final ViewsConfig config;
    private final Clock clock;

    /** Windows never split (tests, the demo). */
    public ViewsRuntime(final S3Client s3, final DynamoDbClient dynamoDb, final ViewsConfig config, final Clock clock,
                        final Deadlines deadlines) {
        this(s3, dynamoDb, config, clock, deadlines, SplitSettings.UNSPLIT, worker -> worker::run);
    }

    /**
     * @param split when windows are split and how many parts run at once
     * @param workers how a part is invoked, given this runtime's worker (the worker function on AWS;
     *                in-process, as the local stack and tests run it)
     */
    public ViewsRuntime(final S3Client s3, final DynamoDbClient dynamoDb, final ViewsConfig config, final Clock clock,
                        final Deadlines deadlines, final SplitSettings split, final Function<ViewPartWorker, ViewWorkers> workers) {
        source = catalogSource(s3, dynamoDb, config, clock, deadlines);
        this.s3 = s3;
        this.config = config;
        this.clock = clock;
        publisher = new ViewPublisher(new PartitionCatalog(dynamoDb, config.tables().partitions()),
            new ViewStore(s3, config.viewsBucket()));
        // a catalog source per part: its caches are not shared between workers running at once
        partWorker = new ViewPartWorker(() -> catalogSource(s3, dynamoDb, config, clock, deadlines), publisher, config.parquet());
        global = new GlobalViews(source, publisher, config, deadlines, clock, split, workers.apply(partWorker));
        onDemand = new OnDemandEtl(source, publisher, new ProcessCatalog(dynamoDb, config.tables(), clock, deadlines.kept()),
            deadlines, config, clock);
        backfill = new Backfill(source, global, publisher, config, clock);
    }

    private static CatalogSource catalogSource(final S3Client s3, final DynamoDbClient dynamoDb, final ViewsConfig config,
                                               final Clock clock, final Deadlines deadlines) {
        final BlockStore blocks = new BlockStore(s3, config.bucket());
        final StreamCatalog streams = new StreamCatalog(dynamoDb, config.tables(), clock, blocks, 0);
        final ProcessCatalog processes = new ProcessCatalog(dynamoDb, config.tables(), clock, deadlines.kept());
        return new CatalogSource(new BlockCatalog(dynamoDb, config.tables()), processes, streams, blocks, deadlines, clock);
    }

    /**
     * From the environment, as in Lambda: the core's variables plus the LAKEOBS_VIEWS_* ones. With
     * {@value ViewsConfig#WORKER_FUNCTION} set, windows over the part budget ({@link SplitSettings#fromEnv}) are
     * split between invocations of that function; without it, no window is split.
     */
    public static ViewsRuntime fromEnv(final Map<String, String> env) {
        final Config core = Config.fromEnv(env);
        final ViewsConfig config = ViewsConfig.fromEnv(env, core.tables(), core.bucket());
        final String function = env.getOrDefault(ViewsConfig.WORKER_FUNCTION, "");
        final SplitSettings split = function.isBlank() ? SplitSettings.UNSPLIT : SplitSettings.fromEnv(env);
        return new ViewsRuntime(AwsClients.s3(core, AwsClients.defaultCredentials()),
            AwsClients.dynamoDb(core, AwsClients.defaultCredentials()), config, Clock.systemUTC(), Deadlines.fromEnv(env), split,
            // a synchronous invoke waits for the worker: read timeout above the worker function's (100 s)
            worker -> function.isBlank() ? worker::run : new LambdaViewWorkers(LambdaClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(java.time.Duration.ofSeconds(110)))
                .region(Region.of(core.region()))
                .credentialsProvider(AwsClients.defaultCredentials()).build(), function));
    }

    /** The worker function's handler, for the parts of split windows. */
    public ViewPartWorker partWorker() {
        return partWorker;
    }

    public GlobalViews global() {
        return global;
    }

    public OnDemandEtl onDemand() {
        return onDemand;
    }

    public Backfill backfill() {
        return backfill;
    }

    /** The trace export, signing its URLs with {@code presigner} (whose credentials must be allowed to read them). */
    public TraceExport traceExport(final S3Presigner presigner) {
        return new TraceExport(source, s3, presigner, config, clock);
    }

    public ViewPublisher publisher() {
        return publisher;
    }
}
