package io.lakeobs.functions.core.catalog;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The catalog's DynamoDB tables, defined once: the local stack creates them from
 * {@link #createTableRequests(TableNames)} and the SAM template must declare the same keys and
 * indexes. Attribute names used in keys are constants here; see docs/catalog.md for every item.
 */
public final class CatalogTables {
    public static final String PROCESSES = "processes";
    public static final String STREAMS = "streams";
    public static final String BLOCKS = "blocks";
    public static final String QUARANTINE = "quarantine";
    public static final String PARTITIONS = "partitions";
    public static final String API_KEYS = "api_keys";

    public static final String BY_INSERT = "by_insert";
    /** Blocks (and quarantined objects) by UTC insert day and shard: what retention walks (16 Queries a day, not 16 a minute). */
    public static final String BY_INSERT_DAY = "by_insert_day";
    public static final String BY_PROCESS = "by_process";
    /**
     * Processes by the UTC day retention counts their age from (keys only, so a touch writes the
     * index only when the day changes): what the process pass of retention walks, never a Scan.
     */
    public static final String BY_RETENTION_DAY = "by_retention_day";
    /**
     * Every API key under one partition key, with its state, creation time and rate (not its
     * secrets, not its usage, so that charging a block never writes the index): what {@code keys list} Queries.
     */
    public static final String ALL_KEYS = "all_keys";
    /** The constant partition key of {@link #ALL_KEYS}. */
    public static final String LISTING = "listing";

    public static final String PROCESS_ID = "process_id";
    public static final String STREAM_ID = "stream_id";
    public static final String BLOCK_SORT = "block_sort";
    public static final String INSERT_BUCKET = "insert_bucket";
    public static final String INSERT_SORT = "insert_sort";
    public static final String INSERT_DAY = "insert_day";
    /** Sharded UTC day ({@code yyyy-MM-dd#shard}) retention counts a process's age from; see ProcessCatalog. */
    public static final String RETENTION_DAY = "retention_day";
    /**
     * DynamoDB TTL attribute of block items and object claims (epoch s): a backstop only, set by the
     * indexer well after every deadline; retention deletes them first (docs/lifecycle.md).
     */
    public static final String TTL_ATTRIBUTE = "ttl";
    public static final String OBJECT_KEY = "object_key";
    public static final String VIEW_INSTANCE = "view_instance";
    public static final String BEGIN = "begin";
    public static final String KEY_ID = "key_id";

    private CatalogTables() {
    }

    /**
     * The six tables, on-demand billing; every GSI projects all attributes but by_retention_day (keys
     * only) and all_keys (state, creation, rate).
     */
    public static List<CreateTableRequest> createTableRequests(final TableNames names) {
        final List<CreateTableRequest> tables = new ArrayList<>();
        tables.add(table(names.processes(), PROCESS_ID, null)
            .attributeDefinitions(string(PROCESS_ID), string(RETENTION_DAY))
            .globalSecondaryIndexes(index(BY_RETENTION_DAY, RETENTION_DAY, PROCESS_ID, ProjectionType.KEYS_ONLY))
            .build());
        tables.add(table(names.streams(), PROCESS_ID, STREAM_ID).build());
        tables.add(table(names.blocks(), STREAM_ID, BLOCK_SORT)
            .attributeDefinitions(string(STREAM_ID), string(BLOCK_SORT), string(INSERT_BUCKET), string(INSERT_SORT),
                string(PROCESS_ID), string(INSERT_DAY))
            .globalSecondaryIndexes(index(BY_INSERT, INSERT_BUCKET, INSERT_SORT, ProjectionType.ALL),
                index(BY_PROCESS, PROCESS_ID, BLOCK_SORT, ProjectionType.ALL),
                index(BY_INSERT_DAY, INSERT_DAY, INSERT_SORT, ProjectionType.ALL))
            .build());
        tables.add(table(names.quarantine(), OBJECT_KEY, null)
            .attributeDefinitions(string(OBJECT_KEY), string(INSERT_BUCKET), string(INSERT_SORT), string(INSERT_DAY))
            .globalSecondaryIndexes(index(BY_INSERT, INSERT_BUCKET, INSERT_SORT, ProjectionType.ALL),
                index(BY_INSERT_DAY, INSERT_DAY, INSERT_SORT, ProjectionType.ALL))
            .build());
        tables.add(table(names.partitions(), VIEW_INSTANCE, BEGIN).build());
        tables.add(table(names.apiKeys(), KEY_ID, null)
            .attributeDefinitions(string(KEY_ID), string(LISTING))
            .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName(ALL_KEYS)
                .keySchema(key(LISTING, KeyType.HASH), key(KEY_ID, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                    .nonKeyAttributes(ApiKeyCatalog.STATE, ApiKeyCatalog.CREATED_AT, ApiKeyCatalog.RATE).build())
                .build())
            .build());
        return tables;
    }

    /**
     * The items of a table's {@link #BY_INSERT_DAY} index for one UTC day and shard, after the insert
     * sort key {@code after} (empty: from the start), page by page as DynamoDB returns them.
     */
    static <T> Iterable<List<T>> insertedOnDay(final DynamoDbClient dynamoDb, final String table, final long dayMillis,
                                              final int shard, final String after,
                                              final Function<Map<String, AttributeValue>, T> fromItem) {
        return onDay(dynamoDb, table, BY_INSERT_DAY, INSERT_DAY, INSERT_SORT, dayMillis, shard, after, fromItem);
    }

    /**
     * The items of a day index ({@code dayAttribute} = {@code yyyy-MM-dd#shard}) for one UTC day and
     * shard whose sort key is after {@code after} (empty: from the start), page by page.
     */
    static <T> Iterable<List<T>> onDay(final DynamoDbClient dynamoDb, final String table, final String index,
                                       final String dayAttribute, final String sortAttribute, final long dayMillis,
                                       final int shard, final String after,
                                       final Function<Map<String, AttributeValue>, T> fromItem) {
        final QueryRequest request = QueryRequest.builder().tableName(table).indexName(index)
            .keyConditionExpression(dayAttribute + " = :d AND " + sortAttribute + " > :a")
            .expressionAttributeValues(Map.of(":d", AttributeValue.fromS(CatalogKeys.insertDay(Instant.ofEpochMilli(dayMillis), shard)),
                ":a", AttributeValue.fromS(after.isEmpty() ? "/" : after))) // '/' sorts before every padded number and hex digit
            .build();
        return () -> dynamoDb.queryPaginator(request).stream()
            .map(page -> page.items().stream().map(fromItem).toList()).iterator();
    }

    private static CreateTableRequest.Builder table(final String name, final String partitionKey, final String sortKey) {
        final CreateTableRequest.Builder builder = CreateTableRequest.builder().tableName(name)
            .billingMode(BillingMode.PAY_PER_REQUEST);
        if (sortKey == null) {
            return builder.keySchema(key(partitionKey, KeyType.HASH)).attributeDefinitions(string(partitionKey));
        }
        return builder.keySchema(key(partitionKey, KeyType.HASH), key(sortKey, KeyType.RANGE))
            .attributeDefinitions(string(partitionKey), string(sortKey));
    }

    private static GlobalSecondaryIndex index(final String name, final String partitionKey, final String sortKey,
                                              final ProjectionType projection) {
        return GlobalSecondaryIndex.builder().indexName(name)
            .keySchema(key(partitionKey, KeyType.HASH), key(sortKey, KeyType.RANGE))
            .projection(Projection.builder().projectionType(projection).build())
            .build();
    }

    private static KeySchemaElement key(final String name, final KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition string(final String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }
}
