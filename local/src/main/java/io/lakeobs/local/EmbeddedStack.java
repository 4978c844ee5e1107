package io.lakeobs.local;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.function.Function;
import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.functions.core.config.Config;
import io.lakeobs.functions.ingest.IndexerHandler;
import io.lakeobs.functions.ingest.IngestApiHandler;
import io.lakeobs.functions.ingest.IngestWiring;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.views.ViewsConfig;
import io.lakeobs.functions.views.ViewsRuntime;
import io.lakeobs.functions.views.split.SplitSettings;
import io.lakeobs.functions.views.split.ViewWorkers;
import io.lakeobs.local.iam.AwsResources;
import io.lakeobs.local.iam.CallRecorder;
import io.lakeobs.local.iam.FunctionClients;
import io.lakeobs.local.iam.Principals;
import io.lakeobs.local.iam.RecordingClients;
import io.lakeobs.local.iam.RecordingS3Interceptor;
import io.lakeobs.local.iam.RecordingStsInterceptor;
import io.lakeobs.functions.ingest.api.BlockSigningSession;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The whole AWS side of lakeobs on one machine, for the demo and for tests: S3Proxy (an
 * S3 server that verifies signatures, presigned URLs included) and DynamoDB Local in this
 * JVM, both on 127.0.0.1 only; the buckets and the catalog's tables; the ingest function
 * behind a function URL; the indexer fed with S3 notifications; and a hook to run any
 * scheduled function with the event EventBridge sends.
 *
 * <p>Everything it writes goes to a temporary directory under {@link Builder#workRoot}
 * (default {@code java.io.tmpdir}), deleted by {@link #close()}; nothing lands in the
 * working directory. Handlers receive the same event JSON AWS sends, deserialized by the
 * Lambda runtime's own serializers.
 *
 * <pre>{@code
 * try (EmbeddedStack stack = EmbeddedStack.builder()
 *         .lakeobsFunctions(Clock.systemUTC())   // or ingestHandler(...) / indexerHandler(...)
 *         .start()) {
 *     // POST to stack.ingestUri(), upload, then:
 *     stack.deliverPendingNotifications();
 * }
 * }</pre>
 */
public final class EmbeddedStack implements AutoCloseable {

    /** The region every client and event uses. */
    public static final String REGION = "us-east-1";
    /** The block-upload signer role the local ingest function assumes (through {@link LocalSts}). */
    public static final String BLOCK_SIGNER_ROLE_ARN = "arn:aws:iam::000000000000:role/" + Principals.BLOCK_UPLOAD_SIGNER;
    /** Credentials S3Proxy accepts; local only, not a secret. */
    public static final String ACCESS_KEY = "lakeobs-local";
    public static final String SECRET_KEY = "lakeobs-local-secret";

    /** Where S3Proxy keeps objects. */
    public enum BlobStoreKind {
        /** In memory: fastest, gone at close. */
        TRANSIENT,
        /** Files under the stack's temporary directory: for data larger than the heap (benchmarks). */
        FILESYSTEM
    }

    private final Builder settings;
    private final Path workDirectory;
    private final EmbeddedS3 s3Server;
    private final AmazonDynamoDBLocal dynamoDbLocal;
    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final List<CreateTableRequest> tables;
    private FunctionUrlServer ingestServer;
    private LocalSts sts;
    private final List<AutoCloseable> stsClients = new java.util.concurrent.CopyOnWriteArrayList<>();
    private S3Notifications notifications;
    private final Map<String, FunctionClients> functionClients = new ConcurrentHashMap<>();
    private boolean closed;

    private EmbeddedStack(final Builder settings) throws Exception {
        this.settings = settings;
        // pure, and may throw: before anything starts
        this.tables = List.copyOf(settings.tables.apply(settings.tablePrefix));
        Files.createDirectories(settings.workRoot);
        this.workDirectory = settings.dataDirectory != null ? Files.createDirectories(settings.dataDirectory)
                : Files.createTempDirectory(settings.workRoot, "lakeobs-stack-");
        EmbeddedS3 startedS3 = null;
        AmazonDynamoDBLocal startedDynamoDb = null;
        try {
            final Path blobRoot = settings.blobStore == BlobStoreKind.FILESYSTEM || settings.dataDirectory != null
                    ? Files.createDirectories(workDirectory.resolve("s3"))
                    : null;
            startedS3 = EmbeddedS3.start(blobRoot, ACCESS_KEY, SECRET_KEY, settings.s3IgnoresUnknownHeaders);
            // true = telemetry off: no phoning home, no dynamodb-local-metadata.json in user.dir
            startedDynamoDb = settings.dataDirectory != null
                    ? DynamoDBEmbedded.create(workDirectory.resolve("dynamodb.db").toFile(), Boolean.TRUE)
                    : DynamoDBEmbedded.create(Boolean.TRUE);
        } catch (Exception | Error e) {
            closeQuietly(startedS3);
            if (startedDynamoDb != null) {
                startedDynamoDb.shutdown();
            }
            if (settings.dataDirectory == null) {
                Directories.deleteRecursively(workDirectory);
            }
            throw e;
        }
        this.s3Server = startedS3;
        this.dynamoDbLocal = startedDynamoDb;
        this.dynamoDb = dynamoDbLocal.dynamoDbClient();
        this.s3 = s3Client(s3Server.endpoint());
        this.presigner = presigner(s3Server.endpoint());
    }

    public static Builder builder() {
        return new Builder();
    }

    private void startWiring() throws IOException {
        final boolean reuse = settings.dataDirectory != null;
        for (String bucket : List.of(settings.rawBucket, settings.viewsBucket)) {
            if (!(reuse && s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket)))) {
                s3.createBucket(request -> request.bucket(bucket));
            }
        }
        final List<String> existingTables = reuse ? dynamoDb.listTables().tableNames() : List.of();
        for (CreateTableRequest table : tables) {
            if (!existingTables.contains(table.tableName())) {
                dynamoDb.createTable(table);
            }
        }
        sts = LocalSts.start(ACCESS_KEY, SECRET_KEY, Clock.systemUTC());
        if (settings.ingestHandler != null) {
            final Object handler = settings.ingestHandler.apply(this);
            ingestServer = FunctionUrlServer.start(
                    eventJson -> LambdaInvoker.invoke(handler, eventJson, LocalContext.forFunction("lakeobs-ingest-api")),
                    settings.functionUrlThreads, settings.ingestPort);
        }
        final List<S3Notifications.Subscription> subscriptions = new ArrayList<>();
        if (settings.indexerHandler != null) {
            final Object handler = settings.indexerHandler.apply(this);
            subscriptions.add(new S3Notifications.Subscription(settings.rawBucket, settings.notificationPrefix,
                    eventJson -> LambdaInvoker.invoke(handler, eventJson, LocalContext.forFunction("lakeobs-indexer"))));
        }
        notifications = new S3Notifications(s3, REGION, subscriptions, settings.chaos, settings.notificationPollInterval);
    }

    /** A client for the embedded S3 (path-style, the stack's credentials). */
    public S3Client s3() {
        return s3;
    }

    /** A presigner whose URLs the embedded S3 accepts. */
    public S3Presigner s3Presigner() {
        return presigner;
    }

    /** A client of the in-process DynamoDB Local. */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** The S3 endpoint, e.g. {@code http://127.0.0.1:40123}. */
    public URI s3Endpoint() {
        return s3Server.endpoint();
    }

    /** The ingest function URL, e.g. {@code http://127.0.0.1:40124/}; null when no ingest handler was given. */
    public URI ingestUri() {
        return ingestServer == null ? null : ingestServer.uri();
    }

    public String rawBucket() {
        return settings.rawBucket;
    }

    public String viewsBucket() {
        return settings.viewsBucket;
    }

    public String tablePrefix() {
        return settings.tablePrefix;
    }

    /** The tables created at start, as defined by the catalog. */
    public List<CreateTableRequest> tables() {
        return tables;
    }

    /** The stack's temporary directory, deleted at close; or the {@link Builder#dataDirectory}, kept. */
    public Path workDirectory() {
        return workDirectory;
    }

    /** The notification machinery, for its failure list and counters. */
    public S3Notifications notifications() {
        return notifications;
    }

    /** The views jobs as the function {@code principal} runs them (its own clients), no window split. */
    public ViewsRuntime viewsRuntime(final String principal, final ViewsConfig config, final Clock clock) {
        final FunctionClients own = clients(principal);
        return new ViewsRuntime(own.s3(), own.dynamoDb(), config, clock, Deadlines.defaults());
    }

    /**
     * The scheduled views as deployed: the coordinator with the scheduled function's clients, and a
     * window over {@code split}'s budget derived by the views worker function's handler in-process,
     * several parts at once ({@link LocalViewWorkers}), with the worker function's own clients; each
     * part's invocation is the coordinator's {@code lambda:InvokeFunction} of the worker.
     */
    public ViewsRuntime viewsRuntime(final ViewsConfig config, final Clock clock, final Deadlines deadlines,
                                     final SplitSettings split) {
        final FunctionClients worker = clients(Principals.VIEW_PART);
        final ViewWorkers parts = new LocalViewWorkers(
            new ViewsRuntime(worker.s3(), worker.dynamoDb(), config, clock, deadlines).partWorker());
        final ViewWorkers invoked = settings.recorder == null ? parts : request -> {
            settings.recorder.record(Principals.SCHEDULED_VIEWS, "lambda:InvokeFunction", "function/" + Principals.VIEW_PART);
            return parts.run(request);
        };
        final FunctionClients coordinator = clients(Principals.SCHEDULED_VIEWS);
        return new ViewsRuntime(coordinator.s3(), coordinator.dynamoDb(), config, clock, deadlines, split, ownWorker -> invoked);
    }

    /**
     * The functions' configuration for this stack: its table prefix, raw bucket, region and S3
     * endpoint. No DynamoDB endpoint: DynamoDB Local runs in-process, reachable only through
     * {@link #dynamoDb()}.
     */
    public Config functionConfig() {
        final Config defaults = Config.defaults(settings.tablePrefix, settings.rawBucket);
        return new Config(defaults.tables(), defaults.bucket(), REGION, Optional.of(s3Endpoint()), Optional.empty(),
                defaults.presignExpiry(), defaults.maxBlockBytes(), defaults.maxBlocksPerPresign(),
                defaults.rateBurstSeconds(), settings.declarationsInlineMaxBytes.orElse(defaults.declarationsInlineMaxBytes()),
                defaults.retention());
    }

    /** The ingest functions' wiring over this stack's clients. */
    public IngestWiring ingestWiring(final Clock clock) {
        return new IngestWiring(functionConfig(), dynamoDb, s3, presigner, credentials(), clock);
    }

    /**
     * The ingest functions' wiring over the clients of {@code principal} (see {@link #clients}); the
     * ingest API signs block uploads with a session of {@link #BLOCK_SIGNER_ROLE_ARN} from {@link #sts()}.
     */
    public IngestWiring ingestWiring(final Clock clock, final String principal) {
        final FunctionClients own = clients(principal);
        final AwsCredentialsProvider signing = Principals.INGEST_API.equals(principal) ? signingSession(principal) : credentials();
        return new IngestWiring(functionConfig(), own.dynamoDb(), own.s3(), own.presigner(), signing, clock);
    }

    /** The local STS the ingest function assumes its signer role through. */
    public LocalSts sts() {
        return sts;
    }

    private AwsCredentialsProvider signingSession(final String principal) {
        final List<ExecutionInterceptor> interceptors = settings.recorder == null ? List.of()
            : List.of(new RecordingStsInterceptor(settings.recorder, principal, resources()));
        final StsClient client = StsClient.builder().endpointOverride(sts.endpoint()).region(Region.of(REGION))
            .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.executionInterceptors(interceptors)).build();
        stsClients.add(client);
        return BlockSigningSession.assumed(client, BLOCK_SIGNER_ROLE_ARN, settings.rawBucket, functionConfig().presignExpiry());
    }

    private AwsResources resources() {
        return new AwsResources(Map.of(settings.rawBucket, "raw", settings.viewsBucket, "views"), settings.tablePrefix);
    }

    /**
     * The clients a function's wiring is built with, named by its logical id in the template
     * ({@link Principals}): the stack's own clients, or, when the stack records calls
     * ({@link Builder#recordCalls}), clients recording every call under that name.
     */
    public FunctionClients clients(final String principal) {
        if (settings.recorder == null) {
            return new FunctionClients(s3, dynamoDb, presigner);
        }
        return functionClients.computeIfAbsent(principal, name -> {
            final AwsResources resources = resources();
            final S3Client recordingS3 = s3Client(s3Endpoint(), List.of(new RecordingS3Interceptor(settings.recorder, name,
                resources)));
            return new FunctionClients(recordingS3,
                RecordingClients.dynamoDb(dynamoDb, settings.recorder, name, resources),
                // a presigned PUT of the ingest API is signed by its block-upload signer session
                RecordingClients.presigner(presigner, settings.recorder,
                    Principals.INGEST_API.equals(name) ? Principals.BLOCK_UPLOAD_SIGNER : name, resources));
        });
    }

    /** The static credentials the embedded S3 accepts. */
    public static AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** Delivers the S3 events of objects created since the last round; returns the deliveries made. */
    public int deliverPendingNotifications() {
        return notifications.deliverPending();
    }

    /**
     * Runs a scheduled function once with {@code scheduledEventJson} (see {@link #scheduledEvent});
     * returns the handler's response JSON.
     */
    public String runScheduled(final Object handler, final String scheduledEventJson) {
        return LambdaInvoker.invoke(handler, scheduledEventJson, LocalContext.forFunction(handler.getClass().getSimpleName()));
    }

    /** The EventBridge "Scheduled Event" JSON for rule {@code ruleName} firing at {@code time}. */
    public static String scheduledEvent(final String ruleName, final Instant time) {
        return ScheduledEventJson.of(REGION, ruleName, time);
    }

    /** An S3 client for a local endpoint: path-style, static local credentials, checksums only when required. */
    public static S3Client s3Client(final URI endpoint) {
        return s3Client(endpoint, List.of());
    }

    private static S3Client s3Client(final URI endpoint, final List<ExecutionInterceptor> interceptors) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                // no "Expect: 100-continue": with the JDK client, a PUT whose 100 the busy in-process server
                // answers late fails with "Error writing request body to server" on every attempt
                .serviceConfiguration(S3Configuration.builder().expectContinueEnabled(false).build())
                // on a saturated machine the in-process server can drop a connection mid-request
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                    .maxAttempts(8).build()).executionInterceptors(interceptors))
                .build();
    }

    /** A presigner for a local endpoint (path-style URLs, the stack's credentials). */
    public static S3Presigner presigner(final URI endpoint) {
        return S3Presigner.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    /** Stops everything in reverse order and deletes the temporary directory; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(notifications);
        closeQuietly(ingestServer);
        stsClients.forEach(EmbeddedStack::closeQuietly);
        closeQuietly(sts);
        closeQuietly(presigner);
        functionClients.values().forEach(clients -> closeQuietly(clients.s3()));
        closeQuietly(s3);
        closeQuietly(s3Server);
        closeQuietly(dynamoDb);
        dynamoDbLocal.shutdown();
        if (settings.dataDirectory == null) {
            Directories.deleteRecursively(workDirectory);
        }
    }

    private static void closeQuietly(final AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("lakeobs local: close failed: " + e);
        }
    }

    /** How to start a stack; every setting has a default. */
    public static final class Builder {
        private Path workRoot = Path.of(System.getProperty("java.io.tmpdir"));
        private BlobStoreKind blobStore = BlobStoreKind.TRANSIENT;
        private String rawBucket = "lakeobs-raw";
        private String viewsBucket = "lakeobs-views";
        private String tablePrefix = "lakeobs-";
        private Function<String, List<CreateTableRequest>> tables = CatalogTableDefinitions::forPrefix;
        private Function<EmbeddedStack, Object> ingestHandler;
        private Function<EmbeddedStack, Object> indexerHandler;
        private String notificationPrefix = "blocks/";
        private S3Notifications.Chaos chaos = S3Notifications.Chaos.NONE;
        private Duration notificationPollInterval = Duration.ofMillis(250);
        private int functionUrlThreads = 4;
        private boolean s3IgnoresUnknownHeaders;
        private Path dataDirectory;
        private int ingestPort;
        private CallRecorder recorder;
        private Optional<Integer> declarationsInlineMaxBytes = Optional.empty();

        private Builder() {
        }

        /** The directory under which the stack makes (and at close deletes) its temporary directory. */
        public Builder workRoot(final Path workRoot) {
            this.workRoot = Objects.requireNonNull(workRoot);
            return this;
        }

        /**
         * Keeps S3 objects (files) and DynamoDB tables (DynamoDB Local's database file) in this
         * directory across restarts instead of a temporary one: not deleted at close, and existing
         * buckets and tables are reused at start. For {@code lakeobs up}.
         */
        public Builder dataDirectory(final Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory);
            return this;
        }

        /** The ingest function URL's port on 127.0.0.1 (default 0: an ephemeral one). */
        public Builder ingestPort(final int port) {
            this.ingestPort = port;
            return this;
        }

        public Builder blobStore(final BlobStoreKind blobStore) {
            this.blobStore = Objects.requireNonNull(blobStore);
            return this;
        }

        public Builder buckets(final String rawBucket, final String viewsBucket) {
            this.rawBucket = Objects.requireNonNull(rawBucket);
            this.viewsBucket = Objects.requireNonNull(viewsBucket);
            return this;
        }

        /** The prefix of every table name, passed to the catalog's table definitions. */
        public Builder tablePrefix(final String tablePrefix) {
            this.tablePrefix = Objects.requireNonNull(tablePrefix);
            return this;
        }

        /** Replaces the catalog's table definitions (prefix in, create requests out). */
        public Builder tables(final Function<String, List<CreateTableRequest>> tables) {
            this.tables = Objects.requireNonNull(tables);
            return this;
        }

        /**
         * The function behind the ingest function URL, built once the S3 and DynamoDB servers
         * run (so it can take the stack's clients): a {@code RequestHandler<APIGatewayV2HTTPEvent,
         * APIGatewayV2HTTPResponse>} or a {@code RequestStreamHandler}.
         */
        public Builder ingestHandler(final Function<EmbeddedStack, Object> ingestHandler) {
            this.ingestHandler = ingestHandler;
            return this;
        }

        /** The function that receives S3 ObjectCreated events of the raw bucket (under the notification prefix). */
        public Builder indexerHandler(final Function<EmbeddedStack, Object> indexerHandler) {
            this.indexerHandler = indexerHandler;
            return this;
        }

        /** The key prefix the indexer's notifications filter on (default {@code blocks/}, as in the template). */
        public Builder notificationPrefix(final String notificationPrefix) {
            this.notificationPrefix = Objects.requireNonNull(notificationPrefix);
            return this;
        }

        /** Seeded duplicates and reordering of S3 notifications, for tests. */
        public Builder notificationChaos(final S3Notifications.Chaos chaos) {
            this.chaos = Objects.requireNonNull(chaos);
            return this;
        }

        /** How often a background thread delivers notifications; zero turns it off (tests call the hook). */
        public Builder notificationPollInterval(final Duration interval) {
            this.notificationPollInterval = Objects.requireNonNull(interval);
            return this;
        }

        /**
         * Lets S3 clients other than lakeobs' own in (Trino's sends headers S3Proxy does not know);
         * off by default, so that a header lakeobs starts sending and S3Proxy would ignore fails a test.
         */
        public Builder s3IgnoresUnknownHeaders(final boolean ignore) {
            this.s3IgnoresUnknownHeaders = ignore;
            return this;
        }

        /** Every AWS call of the functions wired through {@link #clients} goes to {@code recorder}, by function. */
        public Builder recordCalls(final CallRecorder recorder) {
            this.recorder = Objects.requireNonNull(recorder);
            return this;
        }

        /** Stream declarations larger than this go to S3 ({@code declarations/}) instead of the stream item. */
        public Builder declarationsInlineMaxBytes(final int bytes) {
            this.declarationsInlineMaxBytes = Optional.of(bytes);
            return this;
        }

        public Builder functionUrlThreads(final int threads) {
            this.functionUrlThreads = threads;
            return this;
        }

        /**
         * Wires the real ingest API handler and block indexer over the stack's clients, with
         * the functions' default configuration and {@code clock} (the catalog's insert time).
         */
        public Builder lakeobsFunctions(final Clock clock) {
            this.ingestHandler = stack -> new IngestApiHandler(stack.ingestWiring(clock, Principals.INGEST_API).ingestApi());
            this.indexerHandler = stack -> new IndexerHandler(stack.ingestWiring(clock, Principals.INDEXER).blockIndexer(),
                Metrics.none());
            return this;
        }

        /** Starts the servers, creates buckets and tables, and wires the functions. */
        public EmbeddedStack start() throws Exception {
            final EmbeddedStack stack = new EmbeddedStack(this);
            try {
                stack.startWiring();
            } catch (Exception | Error e) {
                stack.close();
                throw e;
            }
            return stack;
        }
    }
}
