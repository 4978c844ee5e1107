package io.lakeobs.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import io.lakeobs.functions.core.metrics.Metric;
import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.functions.ingest.indexer.BlockIndexer;
import io.lakeobs.functions.ingest.indexer.IndexBatch;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * S3 ObjectCreated notifications to {@link BlockIndexer}. S3 URL-encodes keys in events (a space
 * is {@code +}); they are decoded here, and a record whose key does not decode (an invalid
 * percent-escape) is ignored with a log line rather than failing, hence retrying, the event. Emits
 * the event's metrics (one EMF line), then throws if some object hit an infrastructure failure, so
 * Lambda retries the event; every other object in it is then a no-op duplicate.
 */
public final class IndexerHandler implements RequestHandler<S3Event, Void> {
    private static final Logger LOG = Logger.getLogger(IndexerHandler.class.getName());
    private final BlockIndexer indexer;
    private final Metrics metrics;

    public IndexerHandler() {
        this(IngestWiring.fromEnv(System.getenv()).blockIndexer(), Metrics.fromEnv(System.getenv(), Metric.INDEXER));
    }

    public IndexerHandler(final BlockIndexer indexer, final Metrics metrics) {
        this.indexer = indexer;
        this.metrics = metrics;
    }

    @Override
    public Void handleRequest(final S3Event event, final Context context) {
        final List<BlockIndexer.ObjectRef> objects = new ArrayList<>();
        for (final S3EventNotification.S3EventNotificationRecord record : event.getRecords()) {
            final String key = record.getS3().getObject().getKey();
            try {
                objects.add(new BlockIndexer.ObjectRef(record.getS3().getBucket().getName(),
                    URLDecoder.decode(key, StandardCharsets.UTF_8)));
            } catch (final IllegalArgumentException e) {
                // S3 never sends such a key; a retry could not decode it either, so it must not fail the event
                LOG.warning("ignored an S3 event record whose key is not URL-encoded: " + key + " (" + e.getMessage() + ")");
            }
        }
        final IndexBatch batch = indexer.indexAll(objects);
        metrics.emit(batch.metrics()); // BlocksIndexed, BlocksQuarantined, BlocksParked, IndexFailures
        batch.throwIfFailed();
        return null;
    }
}
