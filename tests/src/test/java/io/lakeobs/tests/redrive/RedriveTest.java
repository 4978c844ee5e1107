package io.lakeobs.tests.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.core.config.Config;
import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.functions.ingest.IndexerHandler;
import io.lakeobs.functions.ingest.IngestApiHandler;
import io.lakeobs.functions.ingest.IngestWiring;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.local.EmbeddedStack;
import io.lakeobs.local.LambdaInvoker;
import io.lakeobs.local.LocalContext;
import io.lakeobs.local.redrive.FailedEvent;
import io.lakeobs.local.redrive.Redrive;
import io.lakeobs.tracing.Log;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.uploader.SettableClock;
import io.lakeobs.uploader.Uploader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexer's failure queue redriven on the embedded stack: a block uploaded while the indexer
 * is misconfigured (its tables do not exist: every DynamoDB call fails) exhausts its three
 * deliveries as on Lambda and waits among the failed events; a redrive while it is still broken
 * leaves it there and says why; once the indexer is fixed, the redrive indexes the block and
 * empties the queue.
 */
class RedriveTest {
    @TempDir
    Path temp;

    @Test
    void aFailedEventWaitsUntilTheRedriveAfterTheFixIndexesIt() throws Exception {
        final Clock clock = Clock.systemUTC();
        final AtomicBoolean fixed = new AtomicBoolean();
        try (EmbeddedStack stack = EmbeddedStack.builder().workRoot(temp).tablePrefix("rd-").notificationPollInterval(Duration.ZERO)
                 .ingestHandler(s -> new IngestApiHandler(s.ingestWiring(clock).ingestApi()))
                 .indexerHandler(s -> new IndexerHandler(misconfigured(s, clock).blockIndexer(), Metrics.none()))
                 .start()) {
            final TableNames tables = TableNames.withPrefix("rd-");
            final String apiKey = new ApiKeyCommand(new ApiKeyCatalog(stack.dynamoDb(), tables), clock, new SecureRandom(),
                new PrintStream(PrintStream.nullOutputStream())).create(10_000).orElseThrow().value();
            final Uploader uploader = Uploader.builder().endpoint(stack.ingestUri()).apiKey(apiKey).manual()
                .clock(new SettableClock(Instant.now())).random(new Random(3)).build();
            final UUID processId;
            try (TracingRuntime tracing = uploader.configure(Tracing.builder()).manualCollector().shutdownHook(false).install()) {
                processId = tracing.processInfo().processId();
                Log.info("test.redrive", "an event the indexer fails on, then indexes after the redrive");
                tracing.flush();
                uploader.runUntilIdle();
            }
            for (int round = 0; round < 3; round++) {
                stack.deliverPendingNotifications(); // three attempts, as Lambda's asynchronous invocation makes
            }
            final BlockCatalog blocks = new BlockCatalog(stack.dynamoDb(), tables);
            assertThat(stack.notifications().failed()).isNotEmpty()
                .allSatisfy(failure -> assertThat(failure.lastError()).hasMessageContaining("indexing failed for blocks/"));
            final int failed = stack.notifications().failed().size();
            assertThat(blocks.blocksOfProcess(processId)).isEmpty();

            final IndexerHandler fixedIndexer = new IndexerHandler(stack.ingestWiring(clock).blockIndexer(), Metrics.none());
            final IndexerHandler brokenIndexer = new IndexerHandler(misconfigured(stack, clock).blockIndexer(), Metrics.none());
            final Redrive redrive = new Redrive(stack.notifications().failureQueue(), json ->
                LambdaInvoker.invoke(fixed.get() ? fixedIndexer : brokenIndexer, json, LocalContext.forFunction("indexer")));

            final Redrive.Report still = redrive.run(100);
            assertThat(still.redriven()).isZero();
            assertThat(still.failures()).hasSize(failed).allSatisfy(f -> assertThat(f).contains("indexing failed for blocks/"));
            assertThat(stack.notifications().failed()).as("left in the queue").hasSize(failed);

            fixed.set(true);
            final Redrive.Report report = redrive.run(100);
            assertThat(report.redriven()).isEqualTo(failed);
            assertThat(report.failures()).isEmpty();
            assertThat(stack.notifications().failed()).isEmpty();
            assertThat(blocks.blocksOfProcess(processId)).hasSize(failed);
            assertThat(redrive.run(100).redriven()).as("nothing left").isZero();
        }
    }

    @Test
    void aMessageThatHoldsNoEventIsReportedAndLeft() {
        final List<FailedEvent> left = new java.util.ArrayList<>(List.of(new FailedEvent("h", "m-1", null, "not JSON")));
        final Redrive.Report report = new Redrive(new io.lakeobs.local.redrive.FailureQueue() {
            @Override
            public List<FailedEvent> receive(final int max) {
                return left.isEmpty() ? List.of() : List.of(left.remove(0));
            }

            @Override
            public void delete(final FailedEvent event) {
                throw new AssertionError("a message without an event must stay in the queue");
            }
        }, json -> {
            throw new AssertionError("nothing to index");
        }).run(10);
        assertThat(report.failures()).containsExactly("m-1: not JSON");
    }

    /** The stack's indexer wiring, but over tables that do not exist. */
    private static IngestWiring misconfigured(final EmbeddedStack stack, final Clock clock) {
        return new IngestWiring(Config.defaults("rd-missing-", stack.rawBucket()), stack.dynamoDb(), stack.s3(), stack.s3Presigner(),
            EmbeddedStack.credentials(), clock);
    }
}
