package io.lakeobs.functions.core.catalog;

import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.core.store.ObjectKeys;
import io.lakeobs.protocol.RegisterStreamRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.lakeobs.functions.core.catalog.CatalogTables.PROCESS_ID;
import static io.lakeobs.functions.core.catalog.CatalogTables.STREAM_ID;
import static io.lakeobs.functions.core.catalog.Items.n;
import static io.lakeobs.functions.core.catalog.Items.s;

/**
 * The streams table: register (create-only, idempotent), get, streams of a process, record
 * activity. Declarations above the inline limit are written to S3 first (under a key that holds
 * their hash, so a conflicting registration can never overwrite them), then referenced.
 * <p>
 * A stream id belongs to one process: block items and caches are keyed by stream id, so two
 * processes sharing one would mix their data. The first registration writes a create-only
 * ownership item under the reserved partition key {@code _owner#{streamId}} (never a process id,
 * so no Query of a process's streams meets it); a registration of the same id by another process
 * is {@link Registration#TAKEN}.
 */
public final class StreamCatalog {
    static final String TAGS = "tags";
    static final String PROPERTIES = "properties";
    static final String DECLARATIONS = "declarations";
    static final String DECLARATIONS_KEY = "declarations_key";
    static final String DECLARATIONS_SHA256 = "declarations_sha256";
    static final String INSERT_TIME = "insert_time";
    static final String LAST_SEEN = "last_seen";
    /** Partition-key prefix of the ownership items: {@code _owner#{streamId}}; a process id is a UUID, never this. */
    static final String OWNER_PREFIX = "_owner#";
    static final String OWNER_PROCESS_ID = "owner_process_id";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final BlockStore store;
    private final int inlineMaxBytes;

    public StreamCatalog(final DynamoDbClient dynamoDb, final TableNames tables, final Clock clock, final BlockStore store,
                         final int inlineMaxBytes) {
        this.dynamoDb = dynamoDb;
        this.table = tables.streams();
        this.clock = clock;
        this.store = store;
        this.inlineMaxBytes = inlineMaxBytes;
    }

    /** Creates the stream item unless it exists; the caller has checked that the process is the caller's. */
    public Registration register(final RegisterStreamRequest request) {
        final UUID owner = claim(request.streamId(), request.processId());
        if (!owner.equals(request.processId())) {
            return Registration.TAKEN;
        }
        final byte[] declarations = request.declarations();
        final byte[] sha256 = sha256(declarations);
        final Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(PROCESS_ID, s(request.processId()));
        item.put(STREAM_ID, s(request.streamId()));
        item.put(TAGS, Items.stringList(request.tags()));
        item.put(PROPERTIES, Items.stringMap(request.properties()));
        item.put(DECLARATIONS_SHA256, Items.b(sha256));
        item.put("declarations_size", n(declarations.length));
        if (declarations.length > inlineMaxBytes) {
            final String key = ObjectKeys.declarationsKey(request.processId(), request.streamId()) + "/"
                + HexFormat.of().formatHex(sha256);
            if (get(request.processId(), request.streamId()).isEmpty()) {
                store.put(key, declarations); // payload before metadata
            }
            item.put(DECLARATIONS_KEY, s(key));
        } else if (declarations.length > 0) {
            item.put(DECLARATIONS, Items.b(declarations));
        }
        final long now = clock.millis();
        item.put(INSERT_TIME, n(now));
        item.put(LAST_SEEN, n(now));
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(" + STREAM_ID + ")"));
            return Registration.CREATED;
        } catch (final ConditionalCheckFailedException e) {
            final StreamRecord existing = get(request.processId(), request.streamId()).orElseThrow(() -> e);
            final boolean same = existing.tags().equals(request.tags()) && existing.properties().equals(request.properties())
                && Arrays.equals(existing.declarationsSha256(), sha256);
            return same ? Registration.UNCHANGED : Registration.CONFLICT;
        }
    }

    /**
     * The process that owns {@code streamId}; empty if no registration wrote an ownership item
     * (never registered, or registered before ownership items existed).
     */
    public Optional<UUID> owner(final UUID streamId) {
        final Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
            .key(ownerKey(streamId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Items.uuid(item, OWNER_PROCESS_ID));
    }

    /** Makes {@code processId} the owner of {@code streamId} unless it has one; returns the owner. */
    private UUID claim(final UUID streamId, final UUID processId) {
        final Map<String, AttributeValue> item = new LinkedHashMap<>(ownerKey(streamId));
        item.put(OWNER_PROCESS_ID, s(processId));
        item.put(INSERT_TIME, n(clock.millis()));
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(" + STREAM_ID + ")"));
            return processId;
        } catch (final ConditionalCheckFailedException e) {
            return owner(streamId).orElseThrow(() -> e);
        }
    }

    private static Map<String, AttributeValue> ownerKey(final UUID streamId) {
        return Map.of(PROCESS_ID, s(OWNER_PREFIX + streamId), STREAM_ID, s(streamId));
    }

    /** The stream, read consistently; empty if unknown. */
    public Optional<StreamRecord> get(final UUID processId, final UUID streamId) {
        final Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
            .key(Map.of(PROCESS_ID, s(processId), STREAM_ID, s(streamId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Whether the stream exists (reads only its key). */
    public boolean exists(final UUID processId, final UUID streamId) {
        final Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
            .key(Map.of(PROCESS_ID, s(processId), STREAM_ID, s(streamId))).projectionExpression(STREAM_ID)).item();
        return item != null && !item.isEmpty();
    }

    /** Every stream of a process (a Query, paginated). */
    public List<StreamRecord> streamsOf(final UUID processId) {
        final List<StreamRecord> streams = new ArrayList<>();
        final QueryRequest query = QueryRequest.builder().tableName(table).keyConditionExpression(PROCESS_ID + " = :p")
            .expressionAttributeValues(Map.of(":p", s(processId))).build();
        dynamoDb.queryPaginator(query).items().forEach(item -> streams.add(fromItem(item)));
        return streams;
    }

    /** The stream's declarations bytes, inline or from S3. */
    public byte[] declarations(final StreamRecord stream) {
        if (stream.declarationsKey() != null) {
            return store.get(stream.declarationsKey()).orElseThrow(() ->
                new IllegalStateException("declarations object missing: " + stream.declarationsKey()));
        }
        return stream.declarations() == null ? new byte[0] : stream.declarations();
    }

    /**
     * Deletes the stream item and, if this process owns the stream id, its ownership item
     * (deletion on request: the id no longer names the deleted process anywhere). Idempotent.
     */
    public void delete(final UUID processId, final UUID streamId) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(PROCESS_ID, s(processId), STREAM_ID, s(streamId))));
        try {
            dynamoDb.deleteItem(b -> b.tableName(table).key(ownerKey(streamId))
                .conditionExpression(OWNER_PROCESS_ID + " = :p").expressionAttributeValues(Map.of(":p", s(processId))));
        } catch (final ConditionalCheckFailedException ownedByAnother) {
            // another process owns the id (a collision from before ownership items): leave its claim
        }
    }

    /**
     * Deletes the stream item if it was not seen after its {@code lastSeenMillis} (retention read it
     * idle), together with its ownership item in one transaction, so that no crash leaves an
     * ownership item behind a deleted stream; false, deleting nothing, if a block arrived meanwhile.
     * An ownership item of another process (a collision from before ownership items) is left.
     */
    public boolean deleteIdle(final StreamRecord stream) {
        final Map<String, AttributeValue> key = Map.of(PROCESS_ID, s(stream.processId()), STREAM_ID, s(stream.streamId()));
        final Delete item = Delete.builder().tableName(table).key(key).conditionExpression(LAST_SEEN + " = :t")
            .expressionAttributeValues(Map.of(":t", n(stream.lastSeenMillis()))).build();
        final Delete ownership = Delete.builder().tableName(table).key(ownerKey(stream.streamId()))
            .conditionExpression("attribute_not_exists(" + STREAM_ID + ") OR " + OWNER_PROCESS_ID + " = :p")
            .expressionAttributeValues(Map.of(":p", s(stream.processId()))).build();
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder().delete(item).build(),
                TransactWriteItem.builder().delete(ownership).build()));
            return true;
        } catch (final TransactionCanceledException e) {
            if (!e.hasCancellationReasons() || "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                return false; // seen again since it was read
            }
        }
        try { // the id is another process's: delete the stream item alone
            dynamoDb.deleteItem(b -> b.tableName(table).key(key).conditionExpression(LAST_SEEN + " = :t")
                .expressionAttributeValues(Map.of(":t", n(stream.lastSeenMillis()))));
            return true;
        } catch (final ConditionalCheckFailedException seenAgain) {
            return false;
        }
    }

    /** Moves last_seen forward; never backwards, never creates an item. */
    public boolean touch(final UUID processId, final UUID streamId, final long millis) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(PROCESS_ID, s(processId), STREAM_ID, s(streamId)))
                .updateExpression("SET " + LAST_SEEN + " = :t")
                .conditionExpression("attribute_exists(" + STREAM_ID + ") AND " + LAST_SEEN + " < :t")
                .expressionAttributeValues(Map.of(":t", n(millis))));
            return true;
        } catch (final ConditionalCheckFailedException e) {
            return false;
        }
    }

    static StreamRecord fromItem(final Map<String, AttributeValue> item) {
        return new StreamRecord(Items.uuid(item, PROCESS_ID), Items.uuid(item, STREAM_ID), Items.stringList(item, TAGS),
            Items.stringMap(item, PROPERTIES), Items.bytes(item, DECLARATIONS), Items.text(item, DECLARATIONS_KEY),
            Items.bytes(item, DECLARATIONS_SHA256), Items.number(item, INSERT_TIME), Items.number(item, LAST_SEEN));
    }

    static byte[] sha256(final byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
