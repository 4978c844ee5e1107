package io.lakeobs.functions.core.partitions;

import io.lakeobs.functions.core.catalog.CatalogKeys;
import io.lakeobs.functions.core.catalog.CatalogTables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code partitions} table (PK view_instance = view#instance, SK begin = pad(beginMs)#pad(endMs)):
 * which file holds which window of which view instance, and from what sources. Every read is a
 * GetItem or a Query on one view instance. Besides partitions it holds bookkeeping items under their
 * own partition keys: a watermark per job ({@code _watermark#job}, epoch ms), a position per job
 * ({@code _position#job}, an ordered string), both moved only forward, and files waiting
 * for deletion after a grace period ({@code _garbage#files}, sorted by the time they were retired),
 * so that a query already running on a replaced file can finish.
 */
public final class PartitionCatalog {
    private static final String VIEW_INSTANCE = CatalogTables.VIEW_INSTANCE;
    private static final String BEGIN = CatalogTables.BEGIN;
    private static final String GARBAGE = "_garbage#files";
    private static final String REDERIVE = "_rederive#global";
    private final DynamoDbClient dynamoDb;
    private final String table;

    public PartitionCatalog(final DynamoDbClient dynamoDb, final String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public Optional<Partition> get(final String view, final String instance, final long beginMillis, final long endMillis) {
        final Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
            .key(Map.of(VIEW_INSTANCE, s(CatalogKeys.viewInstance(view, instance)),
                BEGIN, s(CatalogKeys.partitionBegin(beginMillis, endMillis))))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Every partition item (any state) of a view instance whose window begins in [fromMillis, toMillis). */
    public List<Partition> range(final String view, final String instance, final long fromMillis, final long toMillis) {
        final List<Partition> partitions = new ArrayList<>();
        if (toMillis <= fromMillis) {
            return partitions;
        }
        final QueryRequest query = QueryRequest.builder().tableName(table).consistentRead(true)
            .keyConditionExpression(VIEW_INSTANCE + " = :p AND #b BETWEEN :from AND :to")
            .expressionAttributeNames(Map.of("#b", BEGIN))
            .expressionAttributeValues(Map.of(":p", s(CatalogKeys.viewInstance(view, instance)),
                ":from", s(CatalogKeys.pad(fromMillis)), ":to", s(CatalogKeys.pad(toMillis - 1) + "#~")))
            .build();
        dynamoDb.queryPaginator(query).items().forEach(item -> partitions.add(fromItem(item)));
        return partitions;
    }

    public void put(final Partition partition) {
        dynamoDb.putItem(b -> b.tableName(table).item(toItem(partition)));
    }

    public void markManifested(final Partition partition) {
        dynamoDb.updateItem(b -> b.tableName(table).key(key(partition))
            .updateExpression("SET manifested = :t").conditionExpression("attribute_exists(#b)")
            .expressionAttributeNames(Map.of("#b", BEGIN))
            .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))));
    }

    public void setState(final Partition partition, final String state, final long now) {
        dynamoDb.updateItem(b -> b.tableName(table).key(key(partition))
            .updateExpression("SET #s = :s, updated_at = :u, manifested = :f")
            .expressionAttributeNames(Map.of("#s", "state"))
            .expressionAttributeValues(Map.of(":s", s(state), ":u", n(now), ":f", AttributeValue.fromBool(false))));
    }

    /** The job's watermark (epoch ms up to which windows were processed), if any. */
    public Optional<Long> watermark(final String job) {
        final Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
            .key(Map.of(VIEW_INSTANCE, s("_watermark#" + job), BEGIN, s("watermark")))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(item.get("until").n()));
    }

    /**
     * Moves the job's watermark forward to {@code untilMillis}; never backwards, so a late or
     * retried run cannot undo a later one's progress. False if it already was at or past it.
     */
    public boolean advanceWatermark(final String job, final long untilMillis) {
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(Map.of(VIEW_INSTANCE, s("_watermark#" + job), BEGIN, s("watermark"),
                    "until", n(untilMillis)))
                .conditionExpression("attribute_not_exists(#u) OR #u < :u")
                .expressionAttributeNames(Map.of("#u", "until"))
                .expressionAttributeValues(Map.of(":u", n(untilMillis))));
            return true;
        } catch (final ConditionalCheckFailedException behind) {
            return false;
        }
    }

    /**
     * Asks for the global partitions holding rows of these insert minutes to be derived again from
     * the blocks that remain (a process deleted on request): one item per UTC day under
     * {@code _rederive#global}, the minutes added to a number set, so repeating a request is harmless.
     */
    public void requestRederive(final List<Long> insertMinutes) {
        final Map<Long, List<Long>> byDay = new TreeMap<>();
        for (final long minute : insertMinutes) {
            byDay.computeIfAbsent(Math.floorDiv(minute, ViewLayout.DAY_MILLIS) * ViewLayout.DAY_MILLIS, d -> new ArrayList<>()).add(minute);
        }
        byDay.forEach((day, minutes) -> dynamoDb.updateItem(b -> b.tableName(table)
            .key(Map.of(VIEW_INSTANCE, s(REDERIVE), BEGIN, s(CatalogKeys.pad(day))))
            .updateExpression("ADD minutes :m")
            .expressionAttributeValues(Map.of(":m", AttributeValue.fromNs(minutes.stream().map(String::valueOf).distinct().toList())))));
    }

    /** The pending re-derivation requests: UTC day (sort key) to insert minutes. */
    public Map<String, List<Long>> rederiveRequests() {
        final Map<String, List<Long>> requests = new TreeMap<>();
        final QueryRequest query = QueryRequest.builder().tableName(table).consistentRead(true)
            .keyConditionExpression(VIEW_INSTANCE + " = :p").expressionAttributeValues(Map.of(":p", s(REDERIVE))).build();
        dynamoDb.queryPaginator(query).items().forEach(item -> requests.put(item.get(BEGIN).s(),
            item.get("minutes").ns().stream().map(Long::parseLong).sorted().toList()));
        return requests;
    }

    /** Removes a request once done, unless minutes were added meanwhile (then the next run sees them too). */
    public void forgetRederive(final String day, final List<Long> done) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(VIEW_INSTANCE, s(REDERIVE), BEGIN, s(day)))
                .conditionExpression("size(minutes) = :n").expressionAttributeValues(Map.of(":n", n(done.size()))));
        } catch (final ConditionalCheckFailedException grown) {
            // more minutes arrived: kept for the next run
        }
    }

    /** Deletes a partition item (deletion on request: its file is already gone). */
    public void delete(final Partition partition) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(key(partition)));
    }

    /** A job's position: a string whose order is the job's progress (e.g. day, shard and last key). */
    public Optional<String> position(final String job) {
        final Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
            .key(Map.of(VIEW_INSTANCE, s("_position#" + job), BEGIN, s("position")))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("at").s());
    }

    /** Moves the job's position forward (in string order) to {@code at}; never backwards. False if it was at or past it. */
    public boolean advancePosition(final String job, final String at) {
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(Map.of(VIEW_INSTANCE, s("_position#" + job), BEGIN, s("position"),
                    "at", s(at)))
                .conditionExpression("attribute_not_exists(#a) OR #a < :a")
                .expressionAttributeNames(Map.of("#a", "at"))
                .expressionAttributeValues(Map.of(":a", s(at))));
            return true;
        } catch (final ConditionalCheckFailedException behind) {
            return false;
        }
    }

    /** Records a file that no query should start reading any more; it is deleted after the grace period. */
    public void retire(final String fileKey, final long now) {
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of(VIEW_INSTANCE, s(GARBAGE),
            BEGIN, s(CatalogKeys.pad(now) + "#" + fileKey), "file_key", s(fileKey))));
    }

    /** Files retired before {@code beforeMillis}: their sort keys and object keys. */
    public List<Map.Entry<String, String>> retiredBefore(final long beforeMillis) {
        final List<Map.Entry<String, String>> files = new ArrayList<>();
        final QueryRequest query = QueryRequest.builder().tableName(table).consistentRead(true)
            .keyConditionExpression(VIEW_INSTANCE + " = :p AND #b < :to")
            .expressionAttributeNames(Map.of("#b", BEGIN))
            .expressionAttributeValues(Map.of(":p", s(GARBAGE), ":to", s(CatalogKeys.pad(beforeMillis))))
            .build();
        dynamoDb.queryPaginator(query).items().forEach(item -> files.add(Map.entry(item.get(BEGIN).s(), item.get("file_key").s())));
        return files;
    }

    public void forgetRetired(final String sortKey) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(VIEW_INSTANCE, s(GARBAGE), BEGIN, s(sortKey))));
    }

    private static Map<String, AttributeValue> key(final Partition p) {
        return Map.of(VIEW_INSTANCE, s(CatalogKeys.viewInstance(p.view(), p.instance())),
            BEGIN, s(CatalogKeys.partitionBegin(p.beginMillis(), p.endMillis())));
    }

    static Map<String, AttributeValue> toItem(final Partition p) {
        final Map<String, AttributeValue> item = new LinkedHashMap<>(key(p));
        item.put("view", s(p.view()));
        item.put("instance", s(p.instance()));
        item.put("begin_ms", n(p.beginMillis()));
        item.put("end_ms", n(p.endMillis()));
        if (p.fileKey() != null) {
            item.put("file_key", s(p.fileKey()));
        }
        item.put("rows", n(p.rows()));
        item.put("bytes", n(p.bytes()));
        item.put("schema_version", n(p.schemaVersion()));
        item.put("source_block_count", n(p.sourceBlockCount()));
        item.put("source_hash", s(p.sourceHash()));
        item.put("state", s(p.state()));
        item.put("updated_at", n(p.updatedAtMillis()));
        item.put("manifested", AttributeValue.fromBool(p.manifested()));
        if (!p.sourceMinutes().isEmpty()) {
            item.put("source_minutes", AttributeValue.fromNs(p.sourceMinutes().stream().map(String::valueOf).toList()));
        }
        if (!p.partKeys().isEmpty()) {
            item.put("part_keys", AttributeValue.fromL(p.partKeys().stream().map(PartitionCatalog::s).toList()));
        }
        return item;
    }

    static Partition fromItem(final Map<String, AttributeValue> item) {
        final AttributeValue minutes = item.get("source_minutes");
        return new Partition(item.get("view").s(), item.get("instance").s(), number(item, "begin_ms"), number(item, "end_ms"),
            item.containsKey("file_key") ? item.get("file_key").s() : null, number(item, "rows"), number(item, "bytes"),
            (int) number(item, "schema_version"), (int) number(item, "source_block_count"), item.get("source_hash").s(),
            item.get("state").s(), number(item, "updated_at"),
            item.containsKey("manifested") && Boolean.TRUE.equals(item.get("manifested").bool()),
            minutes == null ? List.of() : minutes.ns().stream().map(Long::parseLong).sorted().toList(),
            item.containsKey("part_keys") ? item.get("part_keys").l().stream().map(AttributeValue::s).toList() : List.of());
    }

    private static long number(final Map<String, AttributeValue> item, final String name) {
        return Long.parseLong(item.get(name).n());
    }

    private static AttributeValue s(final String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(final long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
