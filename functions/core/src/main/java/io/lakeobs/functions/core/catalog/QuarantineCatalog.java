package io.lakeobs.functions.core.catalog;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.lakeobs.functions.core.catalog.CatalogTables.BY_INSERT;
import static io.lakeobs.functions.core.catalog.CatalogTables.INSERT_BUCKET;
import static io.lakeobs.functions.core.catalog.CatalogTables.INSERT_SORT;
import static io.lakeobs.functions.core.catalog.CatalogTables.OBJECT_KEY;
import static io.lakeobs.functions.core.catalog.Items.n;
import static io.lakeobs.functions.core.catalog.Items.s;

/** The quarantine table: objects the indexer refused, by key and by insert minute. */
public final class QuarantineCatalog {
    /** Reasons are cut to this many characters. */
    public static final int MAX_REASON_CHARS = 1000;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public QuarantineCatalog(final DynamoDbClient dynamoDb, final TableNames tables) {
        this.dynamoDb = dynamoDb;
        this.table = tables.quarantine();
    }

    /** Records the object as quarantined unless it already is; false for a repeat. */
    public boolean putIfAbsent(final QuarantineRecord record) {
        final Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(OBJECT_KEY, s(record.objectKey()));
        final String reason = record.reason().length() > MAX_REASON_CHARS
            ? record.reason().substring(0, MAX_REASON_CHARS) : record.reason();
        item.put("reason", s(reason));
        item.put("size", n(record.size()));
        item.put("insert_time", n(record.insertTimeMillis()));
        item.put(INSERT_BUCKET, s(CatalogKeys.insertBucket(Instant.ofEpochMilli(record.insertTimeMillis()),
            CatalogKeys.shard(record.objectKey()))));
        item.put(INSERT_SORT, s(CatalogKeys.insertSort(record.insertTimeMillis(), record.objectKey())));
        item.put(CatalogTables.INSERT_DAY, s(CatalogKeys.insertDay(Instant.ofEpochMilli(record.insertTimeMillis()),
            CatalogKeys.shard(record.objectKey()))));
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(" + OBJECT_KEY + ")"));
            return true;
        } catch (final ConditionalCheckFailedException e) {
            return false;
        }
    }

    public Optional<QuarantineRecord> get(final String objectKey) {
        final Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
            .key(Map.of(OBJECT_KEY, s(objectKey)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Objects quarantined during the UTC minute containing {@code minute}, across its 16 shards. */
    public List<QuarantineRecord> insertedInMinute(final Instant minute) {
        final Instant start = minute.truncatedTo(ChronoUnit.MINUTES);
        final List<QuarantineRecord> records = new ArrayList<>();
        for (int shard = 0; shard < CatalogKeys.INSERT_SHARDS; shard++) {
            final QueryRequest query = QueryRequest.builder().tableName(table).indexName(BY_INSERT)
                .keyConditionExpression(INSERT_BUCKET + " = :b")
                .expressionAttributeValues(Map.of(":b", s(CatalogKeys.insertBucket(start, shard)))).build();
            dynamoDb.queryPaginator(query).items().forEach(item -> records.add(fromItem(item)));
        }
        return records;
    }

    /**
     * Objects quarantined on the UTC day of {@code dayMillis} in one shard, in insert order, after
     * the insert sort key {@code after} (empty: from the start), page by page (by_insert_day).
     */
    public Iterable<List<QuarantineRecord>> insertedOnDay(final long dayMillis, final int shard, final String after) {
        return CatalogTables.insertedOnDay(dynamoDb, table, dayMillis, shard, after, QuarantineCatalog::fromItem);
    }

    /** The insert sort key of a quarantined object (its position in the by_insert indexes). */
    public static String insertSort(final QuarantineRecord record) {
        return CatalogKeys.insertSort(record.insertTimeMillis(), record.objectKey());
    }

    private static QuarantineRecord fromItem(final Map<String, AttributeValue> item) {
        return new QuarantineRecord(Items.text(item, OBJECT_KEY), Items.text(item, "reason"), Items.number(item, "size"),
            Items.number(item, "insert_time"));
    }

    /** Deletes the quarantine items of these object keys (their objects are being deleted); idempotent. */
    public void delete(final List<String> objectKeys) {
        for (final String key : objectKeys) {
            dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(OBJECT_KEY, s(key))));
        }
    }
}
