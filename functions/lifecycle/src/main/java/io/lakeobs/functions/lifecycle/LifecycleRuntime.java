package io.lakeobs.functions.lifecycle;

import io.lakeobs.functions.core.catalog.Backoff;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.QuarantineCatalog;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.config.AwsClients;
import io.lakeobs.functions.core.config.Config;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.lifecycle.deletion.ProcessDeletion;
import io.lakeobs.functions.lifecycle.retention.Retention;
import io.lakeobs.functions.lifecycle.sampling.LambdaMaterializer;
import io.lakeobs.functions.lifecycle.sampling.Materializer;
import io.lakeobs.functions.lifecycle.sampling.PolicySource;
import io.lakeobs.functions.lifecycle.sampling.Sampler;
import io.lakeobs.functions.lifecycle.sampling.SamplingPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Wires the lifecycle jobs from collaborators: used by the handlers (from the environment, once
 * per container) and by the local stack and tests (with their own clients, clock and materializer).
 */
public final class LifecycleRuntime {
    private final Sampler sampler;
    private final PolicySource policy;
    private final Retention retention;
    private final ProcessDeletion deletion;

    public LifecycleRuntime(final S3Client s3, final DynamoDbClient dynamoDb, final Config core, final LifecycleConfig config,
                            final Materializer materializer, final Clock clock) {
        final BlockStore store = new BlockStore(s3, core.bucket());
        final BlockCatalog blocks = new BlockCatalog(dynamoDb, core.tables());
        final ProcessCatalog processes = new ProcessCatalog(dynamoDb, core.tables(), clock, core.retention());
        final PartitionCatalog bookkeeping = new PartitionCatalog(dynamoDb, core.tables().partitions());
        final StreamCatalog streams = new StreamCatalog(dynamoDb, core.tables(), clock, store, 0);
        sampler = new Sampler(blocks, processes, streams, bookkeeping, materializer, config.sampler(), clock);
        final Backoff backoff = Backoff.capped(Duration.ofMillis(50), Duration.ofSeconds(5));
        final QuarantineCatalog quarantine = new QuarantineCatalog(dynamoDb, core.tables());
        final BlockStore views = new BlockStore(s3, config.viewsBucket());
        retention = new Retention(blocks, quarantine, processes, streams, store, views, bookkeeping,
            config.sampler().deadlines(), config.retention(), core.presignExpiry(), backoff, clock);
        deletion = new ProcessDeletion(processes, streams, blocks, store, views, bookkeeping,
            quarantine, config.tombstone(), core.presignExpiry(), backoff, clock);
        policy = config.policyObject().map(object -> PolicySource.s3Object(s3, object))
            .orElseGet(() -> PolicySource.inline(config.policyJson().orElse(SamplingPolicy.DEFAULT_JSON)));
    }

    /** From the environment, as in Lambda. */
    public static LifecycleRuntime fromEnv(final Map<String, String> env) {
        final Config core = Config.fromEnv(env);
        final LifecycleConfig config = LifecycleConfig.fromEnv(env);
        final Materializer materializer = config.onDemandFunction().<Materializer>map(name -> new LambdaMaterializer(
                LambdaClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.of(core.region()))
                    .credentialsProvider(AwsClients.defaultCredentials()).build(), name))
            .orElse(Materializer.NONE);
        return new LifecycleRuntime(AwsClients.s3(core, AwsClients.defaultCredentials()),
            AwsClients.dynamoDb(core, AwsClients.defaultCredentials()), core, config, materializer, Clock.systemUTC());
    }

    public Sampler sampler() {
        return sampler;
    }

    public ProcessDeletion deletion() {
        return deletion;
    }

    public Retention retention() {
        return retention;
    }

    public PolicySource policy() {
        return policy;
    }
}
