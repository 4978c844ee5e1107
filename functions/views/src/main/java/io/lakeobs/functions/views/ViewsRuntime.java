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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import io.lakeobs.functions.views.trace.TraceExport;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Clock;
import java.util.Map;

/**
 * Wires the views jobs from collaborators: used by the handlers (from the environment, once per
 * container) and by the local stack and tests (with their own clients and clock).
 */
public final class ViewsRuntime {
    private final GlobalViews global;
    private final OnDemandEtl onDemand;
    private final Backfill backfill;
    private final ViewPublisher publisher;
    private final CatalogSource source;
    private final S3Client s3;
    private final ViewsConfig config;
    private final Clock clock;

    public ViewsRuntime(final S3Client s3, final DynamoDbClient dynamoDb, final ViewsConfig config, final Clock clock,
                        final Deadlines deadlines) {
        final BlockStore blocks = new BlockStore(s3, config.bucket());
        final StreamCatalog streams = new StreamCatalog(dynamoDb, config.tables(), clock, blocks, 0);
        final ProcessCatalog processes = new ProcessCatalog(dynamoDb, config.tables(), clock, deadlines.kept());
        this.s3 = s3;
        this.config = config;
        this.clock = clock;
        source = new CatalogSource(new BlockCatalog(dynamoDb, config.tables()), processes, streams, blocks,
            deadlines, clock);
        publisher = new ViewPublisher(new PartitionCatalog(dynamoDb, config.tables().partitions()),
            new ViewStore(s3, config.viewsBucket()));
        global = new GlobalViews(source, publisher, config, deadlines, clock);
        onDemand = new OnDemandEtl(source, publisher, processes, deadlines, config, clock);
        backfill = new Backfill(source, global, publisher, config, clock);
    }

    /** From the environment, as in Lambda: the core's variables plus the LAKEOBS_VIEWS_* ones. */
    public static ViewsRuntime fromEnv(final Map<String, String> env) {
        final Config core = Config.fromEnv(env);
        final ViewsConfig config = ViewsConfig.fromEnv(env, core.tables(), core.bucket());
        return new ViewsRuntime(AwsClients.s3(core, AwsClients.defaultCredentials()),
            AwsClients.dynamoDb(core, AwsClients.defaultCredentials()), config, Clock.systemUTC(), Deadlines.fromEnv(env));
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
