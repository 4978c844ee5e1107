package io.lakeobs.tests.uploader;

import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.CatalogTables;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.ingest.IndexerHandler;
import io.lakeobs.functions.ingest.IngestApiHandler;
import io.lakeobs.functions.ingest.IngestWiring;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.local.EmbeddedStack;
import io.lakeobs.local.demo.BlockCensus;
import io.lakeobs.uploader.SettableClock;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The embedded stack for uploader tests, with a {@link FaultProxy} in front of the ingest API
 * and one in front of S3 (the ingest API presigns for the S3 proxy's address, so uploads go
 * through it), an API key, and the checks every test makes: events decoded from S3, blocks
 * indexed, no duplicate.
 */
final class UploaderStack implements AutoCloseable {
    static final String TARGET_PREFIX = "test.";

    final EmbeddedStack stack;
    final FaultProxy ingestProxy;
    final FaultProxy s3Proxy;
    /** The ingest functions' clock (presign time, insert time): tests move it to expire URLs. */
    final SettableClock functionsClock = new SettableClock(Instant.now());
    final String apiKey;
    final TableNames tables;

    UploaderStack(final Path workRoot) throws Exception {
        ingestProxy = new FaultProxy();
        s3Proxy = new FaultProxy();
        final Clock clock = functionsClock;
        stack = EmbeddedStack.builder().workRoot(workRoot).tablePrefix("up-").notificationPollInterval(java.time.Duration.ZERO)
            .ingestHandler(s -> {
                s3Proxy.upstream(s.s3Endpoint());
                return new IngestApiHandler(new IngestWiring(s.functionConfig(), s.dynamoDb(), s.s3(),
                    EmbeddedStack.presigner(s3Proxy.uri()), EmbeddedStack.credentials(), clock).ingestApi());
            })
            .indexerHandler(s -> new IndexerHandler(s.ingestWiring(clock).blockIndexer(), Metrics.none()))
            .start();
        ingestProxy.upstream(stack.ingestUri());
        tables = TableNames.withPrefix("up-");
        apiKey = new ApiKeyCommand(new ApiKeyCatalog(stack.dynamoDb(), tables), Clock.systemUTC(), new SecureRandom(),
            new PrintStream(PrintStream.nullOutputStream())).create(100_000).orElseThrow().value();
    }

    /** The ingest endpoint the uploader uses: through the proxy. */
    java.net.URI endpoint() {
        return ingestProxy.uri();
    }

    BlockCensus census(final UUID processId) {
        return BlockCensus.of(stack.s3(), stack.rawBucket(), processId.toString(), TARGET_PREFIX);
    }

    /** Delivers the S3 notifications and returns the catalog's blocks of the process. */
    List<BlockRecord> indexed(final UUID processId) {
        stack.deliverPendingNotifications();
        return new BlockCatalog(stack.dynamoDb(), tables).blocksOfProcess(processId);
    }

    /** Asserts every object is indexed exactly once: as many catalog items as objects, all distinct. */
    void assertIndexedOnce(final UUID processId, final BlockCensus census) {
        final List<BlockRecord> records = indexed(processId);
        final Set<String> keys = new HashSet<>();
        for (final BlockRecord record : records) {
            if (!keys.add(record.objectKey())) {
                throw new AssertionError("block indexed twice: " + record.objectKey());
            }
        }
        if (!keys.equals(new HashSet<>(census.blockKeys()))) {
            throw new AssertionError("catalog " + keys.size() + " blocks, S3 " + census.blockKeys().size() + " objects");
        }
    }

    /** Forgets a process and its streams, as if their catalog items had expired. */
    void forgetProcess(final UUID processId) {
        final AttributeValue id = AttributeValue.fromS(processId.toString());
        stack.dynamoDb().deleteItem(b -> b.tableName(tables.processes()).key(Map.of(CatalogTables.PROCESS_ID, id)));
        forgetStreams(processId);
    }

    /** Forgets the streams of a process (the process stays known). */
    void forgetStreams(final UUID processId) {
        final AttributeValue id = AttributeValue.fromS(processId.toString());
        stack.dynamoDb().query(q -> q.tableName(tables.streams()).keyConditionExpression(CatalogTables.PROCESS_ID + " = :p")
            .expressionAttributeValues(Map.of(":p", id))).items().forEach(item -> stack.dynamoDb().deleteItem(b -> b
                .tableName(tables.streams()).key(Map.of(CatalogTables.PROCESS_ID, id, CatalogTables.STREAM_ID,
                    item.get(CatalogTables.STREAM_ID)))));
    }

    @Override
    public void close() throws java.io.IOException {
        try {
            ingestProxy.close();
            s3Proxy.close();
        } finally {
            stack.close();
        }
    }
}
