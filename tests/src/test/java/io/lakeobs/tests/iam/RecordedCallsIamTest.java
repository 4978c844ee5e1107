package io.lakeobs.tests.iam;

import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.catalog.StreamRecord;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.core.config.EnvVars;
import io.lakeobs.functions.core.cost.CostInputs;
import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.ingest.IndexerHandler;
import io.lakeobs.functions.ingest.api.BlockSigningSession;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.functions.lifecycle.LifecycleConfig;
import io.lakeobs.functions.lifecycle.LifecycleRuntime;
import io.lakeobs.functions.lifecycle.RetentionHandler;
import io.lakeobs.functions.lifecycle.SamplerHandler;
import io.lakeobs.functions.lifecycle.sampling.Materializer;
import io.lakeobs.functions.views.OnDemandEtl;
import io.lakeobs.functions.views.ViewsConfig;
import io.lakeobs.functions.views.catalog.MultipartOutputFile;
import io.lakeobs.functions.views.split.SplitSettings;
import io.lakeobs.functions.views.trace.TraceExportHandler;
import io.lakeobs.local.EmbeddedStack;
import io.lakeobs.local.S3EventJson;
import io.lakeobs.local.demo.Demo;
import io.lakeobs.local.iam.AwsCall;
import io.lakeobs.local.iam.CallRecorder;
import io.lakeobs.local.iam.FunctionClients;
import io.lakeobs.local.iam.Principals;
import io.lakeobs.protocol.ApiKeyToken;
import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.IngestPaths;
import io.lakeobs.protocol.RegisterStreamRequest;
import io.lakeobs.tests.template.TemplateGrants;
import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.uploader.Uploader;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least privilege, proven: every function runs its paths on the embedded stack with clients that
 * record each AWS call under the function's name (the demo's pipeline, then a quarantined upload,
 * a replayed event of a deleted block, tail sampling with stream-tag and materializing rules,
 * on-demand ETL of one stream, its trace export, a backfill and the deletion of a process on request), and the
 * template's policies must grant exactly what was recorded: nothing missing, nothing unused.
 */
class RecordedCallsIamTest {
    private static final LogCallSite FAILED = Tracing.logSite(Level.ERROR, "iam.job", "job {} failed", "RecordedCallsIamTest.java", 1);
    private static final String POLICY = "{\"rules\": ["
        + "{\"name\": \"failures\", \"when\": {\"level_at_least\": \"ERROR\", \"properties\": {\"app\": \"iam-job\"}},"
        + " \"keep\": \"process\", \"materialize\": true},"
        + "{\"name\": \"logs\", \"when\": {\"stream_tags\": [\"log\"], \"properties\": {\"app\": \"iam-job\"}},"
        + " \"keep\": \"process\"}]}";

    /**
     * Grants whose code paths this scenario does not reach yet, each with the path: races and
     * denied reads that need fault injection, and clean-ups after grace periods. Kept short; the
     * test fails as soon as one of them is recorded, so the list cannot outlive its reason.
     */
    static final Map<AwsCall, String> NOT_REACHED_HERE = notReached();

    private static Map<AwsCall, String> notReached() {
        final Map<AwsCall, String> paths = new TreeMap<>();
        final String reconcile = "the reconcile flag of a block whose stream registered while it was indexed (a race)";
        paths.put(new AwsCall(Principals.INDEXER, "dynamodb:UpdateItem", "table/blocks"), reconcile);
        final String denied = "a block object read denied (403): is the block item still there (CatalogSource)";
        paths.put(new AwsCall(Principals.TRACE_EXPORT, "dynamodb:GetItem", "table/blocks"), denied);
        paths.put(new AwsCall(Principals.VIEW_PART, "dynamodb:GetItem", "table/blocks"), denied);
        for (final String views : List.of(Principals.SCHEDULED_VIEWS, Principals.ON_DEMAND_ETL, Principals.BACKFILL)) {
            paths.put(new AwsCall(views, "dynamodb:GetItem", "table/blocks"), denied);
            final String garbage = "replaced view files and their partition items deleted after the grace period (ViewPublisher)";
            if (!views.equals(Principals.SCHEDULED_VIEWS)) { // the scheduled views delete retired files and items here
                paths.put(new AwsCall(views, "dynamodb:DeleteItem", "table/partitions"), garbage);
                paths.put(new AwsCall(views, "s3:DeleteObject", "views/views/*"), garbage);
            }
            paths.put(new AwsCall(views, "s3:DeleteObject", "views/manifests/*"), garbage);
        }
        return paths;
    }

    @Test
    void eachFunctionsPolicyIsExactlyWhatItsCodeCalls() throws Exception {
        final CallRecorder recorder = new CallRecorder();
        final Path data = Files.createDirectories(Path.of("target", "iam-test-" + UUID.randomUUID())).toAbsolutePath();
        new Demo(data, 2, 200, new PrintStream(PrintStream.nullOutputStream())).run(new Demo.WhileRunning() {
            @Override
            public void viewsWritten(final EmbeddedStack stack, final UUID processId, final Path views, final Instant now)
                throws Exception {
                indexerCallsAreTheCostModels(recorder);
                otherPaths(stack, recorder);
            }

            @Override
            public void lifecycleDone(final EmbeddedStack stack, final Instant later) {
                laterPaths(stack, later);
            }

            @Override
            public EmbeddedStack.Builder configure(final EmbeddedStack.Builder stack) {
                return stack.recordCalls(recorder).declarationsInlineMaxBytes(0);
            }

            private int scheduledRuns;

            @Override
            public SplitSettings viewsSplit() {
                // the first scheduled run splits every window of more than one block between worker
                // invocations (a part budget of one event); the one after the lifecycle derives its own
                return scheduledRuns++ == 0 ? new SplitSettings(1, 1, 2, 1) : SplitSettings.UNSPLIT;
            }
        });
        final SortedSet<AwsCall> recorded = new TreeSet<>(recorder.counts().keySet());
        final SortedSet<AwsCall> granted = TemplateGrants.all();
        final SortedSet<AwsCall> missing = new TreeSet<>(recorded);
        missing.removeAll(granted);
        final SortedSet<AwsCall> unused = new TreeSet<>(granted);
        unused.removeAll(recorded);
        unused.removeAll(NOT_REACHED_HERE.keySet());
        // the exceptions stay exceptions: granted, and still not reached (else they leave the list)
        assertThat(granted).containsAll(NOT_REACHED_HERE.keySet());
        final SortedSet<AwsCall> reachedAfterAll = new TreeSet<>(NOT_REACHED_HERE.keySet());
        reachedAfterAll.retainAll(recorded);
        assertThat(reachedAfterAll).as("reached now: remove from NOT_REACHED_HERE").isEmpty();
        assertThat(missing.toString() + unused).as("called but not granted: %s%ngranted but never called: %s", missing, unused)
            .isEqualTo("[][]");
    }

    /**
     * The cost model's calls per indexed block (docs/cost.md) are the indexer's, as recorded over the
     * demo's uploads: each block read once, its reads and writes as many as the model prices.
     */
    private static void indexerCallsAreTheCostModels(final CallRecorder recorder) {
        long blocks = 0;
        long reads = 0;
        long writes = 0;
        for (final Map.Entry<AwsCall, Long> call : recorder.counts().entrySet()) {
            if (!call.getKey().principal().equals(Principals.INDEXER)) {
                continue;
            }
            switch (call.getKey().action()) {
                case "s3:GetObject" -> blocks += call.getValue();
                case "dynamodb:GetItem" -> reads += call.getValue();
                case "dynamodb:PutItem", "dynamodb:UpdateItem" -> writes += call.getValue();
                default -> throw new AssertionError("an indexer call the cost model does not price: " + call.getKey());
            }
        }
        assertThat(blocks).isPositive();
        assertThat(reads).isEqualTo(blocks * CostInputs.MEASURED.indexerReadsPerBlock());
        // a key's first charge in a minute may take a second, conditional, write
        assertThat(Math.round((double) writes / blocks)).isEqualTo(CostInputs.MEASURED.indexerItemWritesPerBlock());
    }

    /**
     * A week later, once the demo's lifecycle ran: the signing sessions' policy, a backfill, and
     * retention eight days on (quarantine expiry, an object the orphan sweep finds quarantined).
     */
    private static void laterPaths(final EmbeddedStack stack, final Instant later) {
        // block uploads were signed by sessions limited to blocks/*: S3Proxy checks no policy, so the policy is checked here
        assertThat(stack.sts().sessionPolicies()).isNotEmpty()
            .allMatch(policy -> policy.equals(BlockSigningSession.policy("aws",
                stack.rawBucket())));
        backfill(stack, Clock.fixed(later, ZoneOffset.UTC));
        // past the quarantine's 7 days: the junk object and its item go
        final Clock eightDaysLater = Clock.offset(Clock.fixed(later, ZoneOffset.UTC), Duration.ofDays(8));
        // a bad object quarantined then, under a day the orphan sweep has yet to list: the sweep must see it is held
        final String held = "blocks/" + LocalDate.ofInstant(later, ZoneOffset.UTC).plusDays(1)
            + "/not-a-process/held";
        stack.s3().putObject(b -> b.bucket(stack.rawBucket()).key(held),
            RequestBody.fromString("junk"));
        stack.runScheduled(new IndexerHandler(stack.ingestWiring(eightDaysLater, Principals.INDEXER).blockIndexer(),
            Metrics.none()), S3EventJson.objectCreatedPut(EmbeddedStack.REGION,
            new S3EventJson.ObjectCreated(stack.rawBucket(), held, 4, "0123", "00AC", eightDaysLater.instant())));
        final FunctionClients own = stack.clients(Principals.RETENTION);
        final LifecycleRuntime lifecycle = new LifecycleRuntime(own.s3(), own.dynamoDb(), stack.functionConfig(),
            LifecycleConfig.fromEnv(Map.of(LifecycleConfig.SAMPLING_POLICY, POLICY,
                EnvVars.VIEWS_BUCKET, stack.viewsBucket())), Materializer.NONE,
            eightDaysLater);
        final RetentionHandler retention = new RetentionHandler(lifecycle.retention(), lifecycle.deletion(), Metrics.none());
        for (int run = 0; run < 2; run++) {
            stack.runScheduled(retention, EmbeddedStack.scheduledEvent("lakeobs-retention", eightDaysLater.instant()));
        }
    }

    /** The paths the demo does not take, each by the function that takes it in AWS. */
    private static void otherPaths(final EmbeddedStack stack, final CallRecorder recorder) throws Exception {
        final Clock clock = Clock.systemUTC();
        final String raw = stack.rawBucket();
        // an object that is no block: quarantined by the indexer
        final String junk = "blocks/" + LocalDate.now(ZoneOffset.UTC) + "/not-a-process/junk";
        stack.s3().putObject(b -> b.bucket(raw).key(junk), RequestBody.fromString("junk"));
        // a replayed event of a block retention already deleted: a 404 (which needs s3:ListBucket), a no-op
        final IndexerHandler indexer = new IndexerHandler(stack.ingestWiring(clock, Principals.INDEXER).blockIndexer(), Metrics.none());
        final String gone = "blocks/2026-01-01/" + UUID.randomUUID() + "/" + UUID.randomUUID() + "/" + UUID.randomUUID();
        stack.runScheduled(indexer, S3EventJson.objectCreatedPut(EmbeddedStack.REGION,
            new S3EventJson.ObjectCreated(raw, gone, 100, "0123", "00AB", clock.instant())));

        // a process that fails: kept by a materializing rule and a stream-tag rule, processed on demand, then deleted on request
        final TableNames tables = TableNames.withPrefix(stack.tablePrefix());
        final ApiKeyToken key = new ApiKeyCommand(new ApiKeyCatalog(stack.dynamoDb(), tables), clock, new SecureRandom(),
            new PrintStream(PrintStream.nullOutputStream())).create(1000).orElseThrow();
        final Uploader uploader = Uploader.builder().endpoint(stack.ingestUri()).apiKey(key.value()).build();
        final TracingRuntime tracing = uploader.configure(Tracing.builder()).processProperty("app", "iam-job")
            .shutdownHook(false).install();
        try {
            for (int job = 0; job < 10; job++) {
                FAILED.log(job);
            }
        } finally {
            tracing.shutdown(Duration.ofSeconds(60));
        }
        final UUID failing = tracing.processInfo().processId();
        // its stream item is gone before its blocks are indexed (retention took it as idle): the blocks are indexed
        // flagged, and when the uploader registers the stream again, the registration reconciles them
        final StreamCatalog streams = new StreamCatalog(stack.dynamoDb(), tables, clock,
            new BlockStore(stack.s3(), raw), 0);
        final StreamRecord lost = streams.streamsOf(failing).get(0);
        final byte[] declarations = streams.declarations(lost);
        streams.delete(failing, lost.streamId());
        stack.deliverPendingNotifications();
        final HttpResponse<String> registered = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(stack.ingestUri().resolve(IngestPaths.STREAMS))
                .header(IngestPaths.API_KEY_HEADER, key.value())
                .POST(HttpRequest.BodyPublishers.ofString(IngestJson.toJson(
                    new RegisterStreamRequest(lost.streamId(), failing, lost.tags(), lost.properties(),
                        declarations)))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isBetween(200, 201);

        final ViewsConfig views = ViewsConfig.fromEnv(Map.of(ViewsConfig.VIEWS_BUCKET, stack.viewsBucket()), tables, raw);
        final Clock later = Clock.offset(clock, views.lateness().plusMinutes(2));
        final Materializer materializer = (process, from, to) -> {
            recorder.record(Principals.SAMPLER, "lambda:InvokeFunction", "function/" + Principals.ON_DEMAND_ETL);
            stack.viewsRuntime(Principals.ON_DEMAND_ETL, views, later).onDemand().run(new OnDemandEtl.Request(process, null, from, to));
        };
        final FunctionClients sampler = stack.clients(Principals.SAMPLER);
        final LifecycleRuntime sampling = new LifecycleRuntime(sampler.s3(), sampler.dynamoDb(), stack.functionConfig(),
            LifecycleConfig.fromEnv(Map.of(LifecycleConfig.SAMPLING_POLICY, POLICY)), materializer, later);
        stack.runScheduled(new SamplerHandler(sampling.sampler(), sampling.policy(), later, Metrics.none()),
            EmbeddedStack.scheduledEvent("lakeobs-sampler", later.instant()));

        final UUID stream = new StreamCatalog(stack.dynamoDb(), tables, clock, null, 0).streamsOf(failing).get(0).streamId();
        final long start = tracing.processInfo().startTimeNanos() / 1_000_000;
        stack.viewsRuntime(Principals.ON_DEMAND_ETL, views, later).onDemand()
            .run(new OnDemandEtl.Request(failing, stream, start - 60_000, clock.millis() + 60_000));
        final Map<String, Object> trace = new TraceExportHandler(stack.viewsRuntime(Principals.TRACE_EXPORT, views, later)
            .traceExport(stack.clients(Principals.TRACE_EXPORT).presigner()))
            .handleRequest(Map.of("process_id", failing.toString(), "begin", start - 60_000, "end", clock.millis() + 60_000), null);
        assertThat(trace).containsEntry("logs", 10);
        abortedStreamedFile(stack, Principals.SCHEDULED_VIEWS);
        abortedStreamedFile(stack, Principals.VIEW_PART);
        abortedStreamedFile(stack, Principals.ON_DEMAND_ETL);
        abortedStreamedFile(stack, Principals.BACKFILL);

        final FunctionClients retention = stack.clients(Principals.RETENTION);
        final LifecycleRuntime lifecycle = new LifecycleRuntime(retention.s3(), retention.dynamoDb(), stack.functionConfig(),
            LifecycleConfig.fromEnv(Map.of(LifecycleConfig.SAMPLING_POLICY, POLICY, EnvVars.VIEWS_BUCKET,
                stack.viewsBucket())), Materializer.NONE, later);
        final String deleted = stack.runScheduled(new RetentionHandler(lifecycle.retention(), lifecycle.deletion(), Metrics.none()),
            "{\"delete_process\": \"" + failing + "\", \"dry_run\": false}");
        assertThat(deleted).contains(failing.toString());
    }

    /**
     * What the scheduled views, their workers, on-demand requests and backfills do when a run fails
     * after its streamed file uploaded a part: the upload is aborted (the code path of every write failure, taken here without
     * injecting one).
     */
    private static void abortedStreamedFile(final EmbeddedStack stack, final String principal) throws Exception {
        final MultipartOutputFile file = new MultipartOutputFile(stack.clients(principal).s3(),
            stack.viewsBucket(), "views/log_entries/global/dt=1970-01-01/aborted.parquet", MultipartOutputFile.MIN_PART_BYTES);
        file.create(0).write(new byte[MultipartOutputFile.MIN_PART_BYTES]);
        assertThat(file.partsUploaded()).isEqualTo(1);
        file.abort();
        assertThat(stack.s3().listObjectsV2(b -> b.bucket(stack.viewsBucket()).prefix("views/log_entries/global/dt=1970-01-01/"))
            .contents()).isEmpty();
    }

    /** A backfill after a schema version bump, then the scheduled views' clean-up of what it replaced. */
    private static void backfill(final EmbeddedStack stack, final Clock at) {
        final TableNames tables = TableNames.withPrefix(stack.tablePrefix());
        final ViewsConfig views = ViewsConfig.fromEnv(Map.of(ViewsConfig.VIEWS_BUCKET, stack.viewsBucket()), tables,
            stack.rawBucket());
        // a schema version bump, as the backfill sees it: every global log_entries partition at version 0
        final String pk = "log_entries#" + ViewLayout.GLOBAL;
        for (final var item : stack.dynamoDb().queryPaginator(b -> b.tableName(tables.partitions())
            .keyConditionExpression("view_instance = :v").expressionAttributeValues(Map.of(":v",
                AttributeValue.fromS(pk)))).items()) {
            stack.dynamoDb().updateItem(b -> b.tableName(tables.partitions())
                .key(Map.of("view_instance", item.get("view_instance"), "begin", item.get("begin")))
                .updateExpression("SET schema_version = :zero")
                .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"))));
        }
        stack.viewsRuntime(Principals.BACKFILL, views, at).backfill().run(0, at.millis());
        // a day later the scheduled views delete the files the backfill replaced
        final Clock dayLater = Clock.offset(at, Duration.ofDays(1));
        stack.viewsRuntime(Principals.SCHEDULED_VIEWS, views, dayLater).global().run();
    }
}
