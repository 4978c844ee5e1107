package io.lakeobs.functions.core.catalog;

import io.lakeobs.functions.core.store.ObjectKeys;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockSummary;
import io.lakeobs.transit.block.Compression;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.lakeobs.functions.core.catalog.CatalogTables.BLOCK_SORT;
import static io.lakeobs.functions.core.catalog.CatalogTables.BY_INSERT;
import static io.lakeobs.functions.core.catalog.CatalogTables.BY_PROCESS;
import static io.lakeobs.functions.core.catalog.CatalogTables.INSERT_BUCKET;
import static io.lakeobs.functions.core.catalog.CatalogTables.INSERT_SORT;
import static io.lakeobs.functions.core.catalog.CatalogTables.PROCESS_ID;
import static io.lakeobs.functions.core.catalog.CatalogTables.STREAM_ID;
import static io.lakeobs.functions.core.catalog.Items.n;
import static io.lakeobs.functions.core.catalog.Items.s;

/**
 * The blocks table: create-only puts (a duplicate S3 event is a no-op), batch deletes, and the
 * read patterns, all Queries: blocks of a stream by begin time, blocks of a process, blocks
 * inserted in a UTC minute (16 shard queries) or on a UTC day (16 shards, paginated). Index reads
 * are eventually consistent.
 * <p>
 * A block item's key holds the header's begin time, so an object whose header changed (rewritten
 * after it was indexed) would get a second item and be read twice by the views. Hence one object,
 * at most one item: before the item, a create-only object claim under the reserved partition key
 * {@code _object#{objectKey}} records the item's sort key. It has no {@code insert_bucket},
 * {@code insert_day} nor {@code process_id}, so no index holds it, and no stream id (a UUID)
 * equals its key; {@link #delete} removes it with its block item.
 */
public final class BlockCatalog {
    /** DynamoDB's limit of requests per BatchWriteItem. */
    public static final int MAX_WRITE_BATCH = 25;
    private static final String RECONCILE = "reconcile";
    private static final String PARKED = "parked";
    /** Partition-key prefix of object claims: {@code _object#{objectKey}}; a stream id is a UUID, never this. */
    static final String OBJECT_CLAIM_PREFIX = "_object#";
    private static final String OBJECT_CLAIM_SORT = "_object";
    private static final String CLAIMED_BLOCK_SORT = "claimed_block_sort";
    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration ttlAfterInsert;

    public BlockCatalog(final DynamoDbClient dynamoDb, final TableNames tables) {
        this(dynamoDb, tables, null);
    }

    /**
     * For the writer of block items (the indexer): each item and object claim carries a DynamoDB
     * TTL {@code ttlAfterInsert} after its insert time, a backstop later than every deadline.
     */
    public BlockCatalog(final DynamoDbClient dynamoDb, final TableNames tables, final Duration ttlAfterInsert) {
        this.dynamoDb = dynamoDb;
        this.table = tables.blocks();
        this.ttlAfterInsert = ttlAfterInsert;
    }

    /** Writes the block item unless one with the same key exists; false for a duplicate. */
    public boolean putIfAbsent(final BlockRecord block) {
        try {
            final Map<String, AttributeValue> item = toItem(block);
            ttl(item, block.insertTimeMillis());
            dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(" + BLOCK_SORT + ")"));
            return true;
        } catch (final ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * An object's claim: the sort key of the one block item the object is indexed as, and whether
     * this call wrote the claim (false: a repeated event, or a retry after a failure).
     */
    public record ObjectClaim(String blockSort, boolean created) {
    }

    /**
     * Records that {@code objectKey} is indexed as the item {@code blockSort} unless the object is
     * already claimed; returns the claim: for {@code blockSort} itself, or for the sort key an
     * earlier, different header of the same object gave.
     */
    public ObjectClaim claimObject(final String objectKey, final String blockSort, final long insertTimeMillis) {
        final Map<String, AttributeValue> key = Map.of(STREAM_ID, s(OBJECT_CLAIM_PREFIX + objectKey),
            BLOCK_SORT, s(OBJECT_CLAIM_SORT));
        final Map<String, AttributeValue> item = new LinkedHashMap<>(key);
        item.put(CLAIMED_BLOCK_SORT, s(blockSort));
        item.put("insert_time", n(insertTimeMillis));
        ttl(item, insertTimeMillis);
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(" + BLOCK_SORT + ")"));
            return new ObjectClaim(blockSort, true);
        } catch (final ConditionalCheckFailedException e) {
            final Map<String, AttributeValue> existing = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key)).item();
            if (existing == null || existing.isEmpty()) {
                throw e; // deleted meanwhile: the event is retried
            }
            return new ObjectClaim(Items.text(existing, CLAIMED_BLOCK_SORT), false);
        }
    }

    /** One block by its key, read consistently. */
    public Optional<BlockRecord> get(final UUID streamId, final String blockSort) {
        final Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
            .key(Map.of(STREAM_ID, s(streamId), BLOCK_SORT, s(blockSort)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Blocks of a stream whose begin time is in [fromNanos, toNanos), in begin-time order. */
    public List<BlockRecord> blocksOfStream(final UUID streamId, final long fromNanos, final long toNanos) {
        if (toNanos <= fromNanos) {
            return List.of();
        }
        return query(QueryRequest.builder().tableName(table).consistentRead(true)
            .keyConditionExpression(STREAM_ID + " = :s AND " + BLOCK_SORT + " BETWEEN :from AND :to")
            .expressionAttributeValues(Map.of(":s", s(streamId), ":from", s(CatalogKeys.pad(Math.max(0, fromNanos))),
                ":to", s(CatalogKeys.pad(Math.max(0, toNanos - 1)) + "#~")))
            .build());
    }

    /** Blocks of a stream that were indexed before the stream was registered ({@code reconcile = true}). */
    public List<BlockRecord> unreconciledBlocksOfStream(final UUID streamId) {
        return query(QueryRequest.builder().tableName(table).consistentRead(true)
            .keyConditionExpression(STREAM_ID + " = :s")
            .filterExpression(RECONCILE + " = :t")
            .expressionAttributeValues(Map.of(":s", s(streamId), ":t", AttributeValue.fromBool(true))).build());
    }

    /**
     * Clears a block's reconcile flag now that its stream is registered; a no-op when retention
     * has removed the item meanwhile.
     */
    public void markReconciled(final UUID streamId, final String blockSort) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(STREAM_ID, s(streamId), BLOCK_SORT, s(blockSort)))
                .updateExpression("SET " + RECONCILE + " = :f")
                .conditionExpression("attribute_exists(" + BLOCK_SORT + ")")
                .expressionAttributeValues(Map.of(":f", AttributeValue.fromBool(false))));
        } catch (final ConditionalCheckFailedException gone) {
            // nothing to reconcile
        }
    }

    /** Every block of a process, in begin-time order (the by_process index). */
    public List<BlockRecord> blocksOfProcess(final UUID processId) {
        return query(QueryRequest.builder().tableName(table).indexName(BY_PROCESS)
            .keyConditionExpression(PROCESS_ID + " = :p")
            .expressionAttributeValues(Map.of(":p", s(processId))).build());
    }

    /** Blocks inserted during the UTC minute containing {@code minute}, across its 16 shards, in insert order. */
    public List<BlockRecord> blocksInsertedInMinute(final Instant minute) {
        final Instant start = minute.truncatedTo(ChronoUnit.MINUTES);
        final List<BlockRecord> blocks = new ArrayList<>();
        for (int shard = 0; shard < CatalogKeys.INSERT_SHARDS; shard++) {
            blocks.addAll(query(QueryRequest.builder().tableName(table).indexName(BY_INSERT)
                .keyConditionExpression(INSERT_BUCKET + " = :b")
                .expressionAttributeValues(Map.of(":b", s(CatalogKeys.insertBucket(start, shard)))).build()));
        }
        blocks.sort((a, b) -> a.insertSort().compareTo(b.insertSort()));
        return blocks;
    }

    /**
     * Blocks inserted on the UTC day of {@code dayMillis} in one shard, in insert order, after the
     * insert sort key {@code after} (empty: from the start), page by page as DynamoDB returns them
     * (the by_insert_day index, eventually consistent).
     */
    public Iterable<List<BlockRecord>> insertedOnDay(final long dayMillis, final int shard, final String after) {
        return CatalogTables.insertedOnDay(dynamoDb, table, dayMillis, shard, after, BlockCatalog::fromItem);
    }

    /** Blocks inserted in [from, to), minute by minute. */
    public List<BlockRecord> blocksInserted(final Instant from, final Instant to) {
        final List<BlockRecord> blocks = new ArrayList<>();
        for (Instant minute = from.truncatedTo(ChronoUnit.MINUTES); minute.isBefore(to); minute = minute.plus(1, ChronoUnit.MINUTES)) {
            for (final BlockRecord block : blocksInsertedInMinute(minute)) {
                if (block.insertTimeMillis() >= from.toEpochMilli() && block.insertTimeMillis() < to.toEpochMilli()) {
                    blocks.add(block);
                }
            }
        }
        return blocks;
    }

    /**
     * Deletes the block items and their object claims (claim first, in the same batch: a claim
     * left behind would refuse nothing, its object being gone, but would never be found again),
     * {@link #MAX_WRITE_BATCH} deletes per BatchWriteItem; what DynamoDB leaves unprocessed is sent
     * again after {@code backoff}, until done or {@link Backoff#MAX_ATTEMPTS} (then it throws: the
     * caller's next run finds the rest again, through the block items). Deleting a missing item is a no-op.
     */
    public void delete(final List<BlockRecord> records, final Backoff backoff) {
        final List<Map<String, AttributeValue>> keys = new ArrayList<>(records.size() * 2);
        for (final BlockRecord record : records) {
            keys.add(claimKey(record.objectKey()));
            keys.add(Map.of(STREAM_ID, s(record.header().streamId()), BLOCK_SORT, s(record.blockSort())));
        }
        deleteKeys(keys, backoff);
    }

    /** True if any block item of the stream remains (a consistent Query of one key). */
    public boolean hasBlocks(final UUID streamId) {
        return dynamoDb.query(b -> b.tableName(table).consistentRead(true).limit(1).projectionExpression(BLOCK_SORT)
            .keyConditionExpression(STREAM_ID + " = :s").expressionAttributeValues(Map.of(":s", s(streamId)))).count() > 0;
    }

    /**
     * True if a block item holds the object: its claim names a block item whose object key is this
     * one. Such an object is that block's, not the quarantine's or the orphan sweep's to delete; a
     * claim alone is not enough (a second upload of an indexed block under another key is claimed,
     * then quarantined, and holds nothing).
     */
    public boolean claimed(final String objectKey) {
        final Map<String, AttributeValue> claim = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
            .key(claimKey(objectKey))).item();
        final Optional<ObjectKeys.BlockKey> ids = ObjectKeys.parseBlockKey(objectKey);
        if (claim == null || claim.isEmpty() || ids.isEmpty()) {
            return false;
        }
        return get(ids.get().streamId(), Items.text(claim, CLAIMED_BLOCK_SORT))
            .map(block -> block.objectKey().equals(objectKey)).orElse(false);
    }

    /** Deletes the object claims of these keys (objects with no block item: quarantined, or never indexed). */
    public void deleteClaims(final List<String> objectKeys, final Backoff backoff) {
        deleteKeys(objectKeys.stream().map(BlockCatalog::claimKey).toList(), backoff);
    }

    private void ttl(final Map<String, AttributeValue> item, final long insertTimeMillis) {
        if (ttlAfterInsert != null) {
            item.put(CatalogTables.TTL_ATTRIBUTE, n((insertTimeMillis + ttlAfterInsert.toMillis()) / 1000));
        }
    }

    private static Map<String, AttributeValue> claimKey(final String objectKey) {
        return Map.of(STREAM_ID, s(OBJECT_CLAIM_PREFIX + objectKey), BLOCK_SORT, s(OBJECT_CLAIM_SORT));
    }

    private void deleteKeys(final List<Map<String, AttributeValue>> keys, final Backoff backoff) {
        for (int from = 0; from < keys.size(); from += MAX_WRITE_BATCH) {
            List<WriteRequest> pending = new ArrayList<>();
            for (final Map<String, AttributeValue> key : keys.subList(from, Math.min(keys.size(), from + MAX_WRITE_BATCH))) {
                pending.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build());
            }
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > 1) {
                    if (attempt > Backoff.MAX_ATTEMPTS) {
                        throw new IllegalStateException("DynamoDB left " + pending.size() + " block item deletes unprocessed "
                            + Backoff.MAX_ATTEMPTS + " times in a row");
                    }
                    backoff.pause(attempt - 1);
                }
                final List<WriteRequest> batch = pending;
                final Map<String, List<WriteRequest>> unprocessed = dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, batch)))
                    .unprocessedItems();
                pending = unprocessed == null ? List.of() : unprocessed.getOrDefault(table, List.of());
            }
        }
    }

    private List<BlockRecord> query(final QueryRequest request) {
        final List<BlockRecord> blocks = new ArrayList<>();
        dynamoDb.queryPaginator(request).items().forEach(item -> blocks.add(fromItem(item)));
        return blocks;
    }

    static Map<String, AttributeValue> toItem(final BlockRecord block) {
        final BlockHeader h = block.header();
        final Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(STREAM_ID, s(h.streamId()));
        item.put(BLOCK_SORT, s(block.blockSort()));
        item.put(PROCESS_ID, s(h.processId()));
        item.put("block_id", s(h.blockId()));
        item.put("object_key", s(block.objectKey()));
        item.put("size", n(block.size()));
        item.put("compression", s(h.compression().name()));
        item.put("object_count", n(h.objectCount()));
        item.put("begin_time_ns", n(h.beginTimeNanos()));
        item.put("end_time_ns", n(h.endTimeNanos()));
        item.put("begin_ticks", n(h.beginTicks()));
        item.put("end_ticks", n(h.endTicks()));
        item.put("object_offset", n(h.objectOffset()));
        item.put("dependencies_compressed_size", n(h.dependenciesCompressedSize()));
        item.put("dependencies_size", n(h.dependenciesSize()));
        item.put("objects_compressed_size", n(h.objectsCompressedSize()));
        item.put("objects_size", n(h.objectsSize()));
        item.put("log_count", n(h.summary().logCount()));
        item.put("metric_count", n(h.summary().metricCount()));
        item.put("span_count", n(h.summary().spanCount()));
        item.put("other_count", n(h.summary().otherCount()));
        item.put("error_count", n(h.summary().errorCount()));
        item.put("max_level", n(h.summary().maxLevel()));
        item.put("payload_checksum", n(h.payloadChecksum()));
        item.put("insert_time", n(block.insertTimeMillis()));
        item.put(INSERT_BUCKET, s(block.insertBucket()));
        item.put(INSERT_SORT, s(block.insertSort()));
        item.put(CatalogTables.INSERT_DAY, s(block.insertDay()));
        item.put("state", s(block.state()));
        item.put(RECONCILE, Items.bool(block.reconcile()));
        item.put(PARKED, Items.bool(block.parked()));
        return item;
    }

    static BlockRecord fromItem(final Map<String, AttributeValue> item) {
        final BlockSummary summary = new BlockSummary((int) Items.number(item, "log_count"),
            (int) Items.number(item, "metric_count"), (int) Items.number(item, "span_count"),
            (int) Items.number(item, "other_count"), (int) Items.number(item, "error_count"),
            (int) Items.number(item, "max_level"));
        final BlockHeader header = new BlockHeader(Compression.valueOf(Items.text(item, "compression")),
            (int) Items.number(item, "object_count"), Items.uuid(item, PROCESS_ID), Items.uuid(item, STREAM_ID),
            Items.uuid(item, "block_id"), Items.number(item, "begin_time_ns"), Items.number(item, "end_time_ns"),
            Items.number(item, "begin_ticks"), Items.number(item, "end_ticks"), Items.number(item, "object_offset"),
            (int) Items.number(item, "dependencies_compressed_size"), (int) Items.number(item, "dependencies_size"),
            (int) Items.number(item, "objects_compressed_size"), (int) Items.number(item, "objects_size"),
            summary, (int) Items.number(item, "payload_checksum"));
        return new BlockRecord(header, Items.text(item, "object_key"), Items.number(item, "size"),
            Items.number(item, "insert_time"), Items.text(item, "state"), Items.flag(item, RECONCILE),
            Items.flag(item, PARKED));
    }
}
