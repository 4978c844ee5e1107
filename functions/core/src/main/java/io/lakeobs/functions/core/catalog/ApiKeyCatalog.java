package io.lakeobs.functions.core.catalog;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static io.lakeobs.functions.core.catalog.CatalogTables.KEY_ID;
import static io.lakeobs.functions.core.catalog.Items.n;
import static io.lakeobs.functions.core.catalog.Items.s;

/**
 * The api_keys table: create, read, rotate the secret, revoke, and the key's per-minute block
 * budgets and usage (on the key's own item: one item per key, never more). Secrets are stored
 * hashed only.
 */
public final class ApiKeyCatalog {
    static final String BUDGET_BYTES = "budget_bytes_per_minute";
    static final String BUDGET_EVENTS = "budget_events_per_minute";
    static final String USAGE_MINUTE = "usage_minute";
    static final String USAGE_BYTES = "usage_bytes";
    static final String USAGE_EVENTS = "usage_events";
    /** Tries of a charge that races another indexer starting the same minute. */
    private static final int CHARGE_TRIES = 4;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public ApiKeyCatalog(final DynamoDbClient dynamoDb, final TableNames tables) {
        this.dynamoDb = dynamoDb;
        this.table = tables.apiKeys();
    }

    /** Creates the key; false if the id is taken. */
    public boolean create(final ApiKeyRecord key) {
        final Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(KEY_ID, s(key.keyId()));
        item.put("secret_sha256", Items.b(key.secretSha256()));
        item.put("state", s(key.state()));
        item.put("created_at", n(key.createdAtMillis()));
        item.put("rate_per_second", n(key.ratePerSecond()));
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(" + KEY_ID + ")"));
            return true;
        } catch (final ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The key, read consistently (a revocation takes effect on the next request). */
    public Optional<ApiKeyRecord> get(final String keyId) {
        final Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
            .key(Map.of(KEY_ID, s(keyId)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ApiKeyRecord(Items.text(item, KEY_ID), Items.bytes(item, "secret_sha256"),
            Items.text(item, "state"), Items.number(item, "created_at"), (int) Items.number(item, "rate_per_second")));
    }

    /** Replaces the secret of an active key (the old secret stops working at once); false if absent or revoked. */
    public boolean rotate(final String keyId, final byte[] newSecretSha256) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY_ID, s(keyId)))
                .updateExpression("SET secret_sha256 = :h")
                .conditionExpression("attribute_exists(" + KEY_ID + ") AND #st = :active")
                .expressionAttributeNames(Map.of("#st", "state"))
                .expressionAttributeValues(Map.of(":h", Items.b(newSecretSha256), ":active", s(ApiKeyRecord.ACTIVE))));
            return true;
        } catch (final ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * What a key's blocks brought in one UTC minute, after a charge, and the key's own budgets
     * (0 when it has none: the deployment's default applies).
     */
    public record MinuteUsage(long minuteMillis, long bytes, long events, long budgetBytes, long budgetEvents) {
    }

    /**
     * Adds a block's declared bytes and events to the key's usage of the minute starting at
     * {@code minuteMillis}; the first charge of a later minute restarts the count (a charge for
     * an earlier minute, from a lagging clock, counts in the current one). Empty if the key does
     * not exist. One conditional UpdateItem, two when the minute turns.
     */
    public Optional<MinuteUsage> charge(final String keyId, final long minuteMillis, final long bytes, final long events) {
        final Map<String, AttributeValue> values = Map.of(":m", n(minuteMillis), ":b", n(bytes), ":e", n(events));
        for (int i = 0; i < CHARGE_TRIES; i++) {
            try {
                return Optional.of(usage(dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY_ID, s(keyId)))
                    .updateExpression("ADD " + USAGE_BYTES + " :b, " + USAGE_EVENTS + " :e")
                    .conditionExpression("attribute_exists(" + KEY_ID + ") AND " + USAGE_MINUTE + " >= :m")
                    .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)).attributes()));
            } catch (final ConditionalCheckFailedException notThisMinute) {
                // a new minute (or a key never charged): start its count, unless another indexer just did
            }
            try {
                return Optional.of(usage(dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY_ID, s(keyId)))
                    .updateExpression("SET " + USAGE_MINUTE + " = :m, " + USAGE_BYTES + " = :b, " + USAGE_EVENTS + " = :e")
                    .conditionExpression("attribute_exists(" + KEY_ID + ") AND (attribute_not_exists(" + USAGE_MINUTE
                        + ") OR " + USAGE_MINUTE + " < :m)")
                    .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)).attributes()));
            } catch (final ConditionalCheckFailedException startedMeanwhile) {
                if (get(keyId).isEmpty()) {
                    return Optional.empty();
                }
            }
        }
        throw new IllegalStateException("could not charge key " + keyId + " after " + CHARGE_TRIES + " tries");
    }

    /** Sets the key's budgets per minute (0: the deployment's default); false if the key is absent. */
    public boolean setBudgets(final String keyId, final long bytesPerMinute, final long eventsPerMinute) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY_ID, s(keyId)))
                .updateExpression("SET " + BUDGET_BYTES + " = :b, " + BUDGET_EVENTS + " = :e")
                .conditionExpression("attribute_exists(" + KEY_ID + ")")
                .expressionAttributeValues(Map.of(":b", n(bytesPerMinute), ":e", n(eventsPerMinute))));
            return true;
        } catch (final ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static MinuteUsage usage(final Map<String, AttributeValue> item) {
        return new MinuteUsage(Items.number(item, USAGE_MINUTE), Items.number(item, USAGE_BYTES),
            Items.number(item, USAGE_EVENTS), Items.number(item, BUDGET_BYTES), Items.number(item, BUDGET_EVENTS));
    }

    /** Revokes the key for good; false if absent. */
    public boolean revoke(final String keyId) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY_ID, s(keyId)))
                .updateExpression("SET #st = :revoked")
                .conditionExpression("attribute_exists(" + KEY_ID + ")")
                .expressionAttributeNames(Map.of("#st", "state"))
                .expressionAttributeValues(Map.of(":revoked", s(ApiKeyRecord.REVOKED))));
            return true;
        } catch (final ConditionalCheckFailedException e) {
            return false;
        }
    }
}
