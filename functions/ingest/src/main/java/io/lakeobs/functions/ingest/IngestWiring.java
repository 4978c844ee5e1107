package io.lakeobs.functions.ingest;

import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.QuarantineCatalog;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.config.AwsClients;
import io.lakeobs.functions.core.config.Config;
import io.lakeobs.functions.core.metrics.Metric;
import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.functions.core.config.IngestBudgets;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.ingest.api.ApiKeyAuthenticator;
import io.lakeobs.functions.ingest.api.BlockPresigner;
import io.lakeobs.functions.ingest.api.BlockSigningSession;
import io.lakeobs.functions.core.config.EnvVars;
import io.lakeobs.functions.ingest.api.IngestApi;
import io.lakeobs.functions.ingest.api.PresignService;
import io.lakeobs.functions.ingest.api.RegistrationService;
import io.lakeobs.functions.ingest.api.TokenBucketRateLimiter;
import io.lakeobs.functions.ingest.indexer.BlockBudgets;
import io.lakeobs.functions.ingest.indexer.BlockIndexer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the ingest API and the indexer from their collaborators: from the environment for Lambda
 * ({@link #fromEnv(Map)}), or from given clients and clock for tests and the local stack.
 */
public final class IngestWiring {
    /** Days after the kept deadline that the TTL backstop of block items and claims fires. */
    static final long TTL_MARGIN_DAYS = 30;

    private final Config config;
    private final DynamoDbClient dynamoDb;
    private final Supplier<S3Client> s3;
    private final S3Presigner presigner;
    private final AwsCredentialsProvider credentials;
    private final Clock clock;
    private final IngestBudgets budgets;
    private final PrintStream metrics;

    /** {@code signing}: the credentials block uploads are signed with (see {@link BlockSigningSession}). */
    public IngestWiring(final Config config, final DynamoDbClient dynamoDb, final S3Client s3, final S3Presigner presigner,
                        final AwsCredentialsProvider signing, final Clock clock) {
        this(config, dynamoDb, () -> s3, presigner, signing, clock, IngestBudgets.DEFAULT, System.out);
    }

    private IngestWiring(final Config config, final DynamoDbClient dynamoDb, final Supplier<S3Client> s3,
                         final S3Presigner presigner, final AwsCredentialsProvider credentials, final Clock clock,
                         final IngestBudgets budgets, final PrintStream metrics) {
        this.config = config;
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.presigner = presigner;
        this.credentials = credentials;
        this.clock = clock;
        this.budgets = budgets;
        this.metrics = metrics;
    }

    /** The same wiring with other default budgets, its parked-block metric lines going to {@code metrics}. */
    public IngestWiring withBudgets(final IngestBudgets defaults, final PrintStream metricLines) {
        return new IngestWiring(config, dynamoDb, s3, presigner, credentials, clock, defaults, metricLines);
    }

    public static IngestWiring fromEnv(final Map<String, String> env) {
        final Config config = Config.fromEnv(env);
        final AwsCredentialsProvider credentials = AwsClients.defaultCredentials();
        // the S3 client is built on first use: the ingest API needs it only for large declarations
        final S3Client[] built = new S3Client[1];
        final Supplier<S3Client> s3 = () -> {
            synchronized (built) {
                if (built[0] == null) {
                    built[0] = AwsClients.s3(config, credentials);
                }
                return built[0];
            }
        };
        // block uploads are signed by a session that can write blocks/* only; declarations with the function's own role
        final AwsCredentialsProvider signing = Optional.ofNullable(env.get(EnvVars.BLOCK_SIGNER_ROLE)).filter(arn -> !arn.isBlank())
            .map(arn -> BlockSigningSession.assumed(StsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(config.region())).credentialsProvider(credentials).build(), arn, config.bucket(),
                config.presignExpiry()))
            .orElse(credentials);
        return new IngestWiring(config, AwsClients.dynamoDb(config, credentials), s3,
            AwsClients.presigner(config, credentials), signing, Clock.systemUTC(), IngestBudgets.fromEnv(env), System.out);
    }

    public IngestApi ingestApi() {
        final ProcessCatalog processes = processes();
        final StreamCatalog streams = streams();
        final BlockPresigner blockPresigner = new BlockPresigner(presigner, config.bucket(), clock, config.presignExpiry(),
            credentials, Region.of(config.region()));
        return new IngestApi(
            new ApiKeyAuthenticator(new ApiKeyCatalog(dynamoDb, config.tables()),
                new TokenBucketRateLimiter(clock, config.rateBurstSeconds()), clock),
            new RegistrationService(processes, streams, new BlockCatalog(dynamoDb, config.tables())),
            new PresignService(processes, streams, blockPresigner, config.maxBlocksPerPresign(), config.maxBlockBytes()));
    }

    public BlockIndexer blockIndexer() {
        // block items expire by DynamoDB TTL only as a backstop, a month after the kept deadline
        return new BlockIndexer(store(), new BlockCatalog(dynamoDb, config.tables(), config.retention().plusDays(TTL_MARGIN_DAYS)), streams(), processes(),
            new QuarantineCatalog(dynamoDb, config.tables()),
            new BlockBudgets(new ApiKeyCatalog(dynamoDb, config.tables()), processes(), budgets,
                new Metrics(config.tables().stack(), Metric.INDEXER, clock, metrics::println)), clock);
    }

    private BlockStore store() {
        return new BlockStore(s3, config.bucket());
    }


    private ProcessCatalog processes() {
        return new ProcessCatalog(dynamoDb, config.tables(), clock, config.retention());
    }

    private StreamCatalog streams() {
        return new StreamCatalog(dynamoDb, config.tables(), clock, store(), config.declarationsInlineMaxBytes());
    }
}
