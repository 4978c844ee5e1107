package io.lakeobs.functions.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import io.lakeobs.functions.ingest.indexer.BlockIndexer;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * S3 ObjectCreated notifications to {@link BlockIndexer}. S3 URL-encodes keys in events (a space
 * is {@code +}); they are decoded here. Throws when some object hit an infrastructure failure, so
 * Lambda retries the event; every other object in it is then a no-op duplicate.
 */
public final class IndexerHandler implements RequestHandler<S3Event, Void> {
    private final BlockIndexer indexer;

    public IndexerHandler() {
        this(IngestWiring.fromEnv(System.getenv()).blockIndexer());
    }

    public IndexerHandler(final BlockIndexer indexer) {
        this.indexer = indexer;
    }

    @Override
    public Void handleRequest(final S3Event event, final Context context) {
        final List<BlockIndexer.ObjectRef> objects = new ArrayList<>();
        for (final S3EventNotification.S3EventNotificationRecord record : event.getRecords()) {
            objects.add(new BlockIndexer.ObjectRef(record.getS3().getBucket().getName(),
                URLDecoder.decode(record.getS3().getObject().getKey(), StandardCharsets.UTF_8)));
        }
        indexer.indexAll(objects);
        return null;
    }
}
