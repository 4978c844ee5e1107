package io.lakeobs.functions.core.catalog;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.lakeobs.functions.core.catalog.CatalogTables.KEY_ID;
import static io.lakeobs.functions.core.catalog.Items.n;
import static io.lakeobs.functions.core.catalog.Items.s;

/**
 * The api_keys table: create, read, list, rotate the secret, revoke, and the key's per-minute block
 * budgets and usage (on the key's own item: one item per key, never more). Secrets are stored
 * hashed only.
 */
public final class ApiKeyCatalog {
    static final String SECRET = "secret_sha256";
    static final String PREVIOUS_SECRET = "previous_secret_sha256";
    static final String PREVIOUS_VALID_UNTIL = "previous_valid_until";
    static final String STATE = "state";
    static final String CREATED_AT = "created_at";
    static final String RATE = "rate_per_second";
    /** Every key item carries it, so that the {@code all_keys} index lists them with one Query. */
    static final String LISTING_VALUE = "key";
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
        item.put(CatalogTables.LISTING, s(LISTING_VALUE));
        item.put(SECRET, Items.b(key.secretSha256()));
        item.put(STATE, s(key.state()));
        item.put(CREATED_AT, n(key.createdAtMillis()));
        item.put(RATE, n(key.ratePerSecond()));
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
        return Optional.of(new ApiKeyRecord(Items.text(item, KEY_ID), Items.bytes(item, SECRET), Items.text(item, STATE),
            Items.number(item, CREATED_AT), (int) Items.number(item, RATE), Items.bytes(item, PREVIOUS_SECRET),
            Items.number(item, PREVIOUS_VALID_UNTIL)));
    }

    /** A key as the {@code all_keys} index lists it: no secret, no usage. */
    public record Listed(String keyId, String state, long createdAtMillis, int ratePerSecond) {
    }

    /** Every key, by id: one Query of the {@code all_keys} index (paginated), never a Scan. */
    public List<Listed> list() {
        final List<Listed> keys = new ArrayList<>();
        dynamoDb.queryPaginator(b -> b.tableName(table).indexName(CatalogTables.ALL_KEYS)
                .keyConditionExpression(CatalogTables.LISTING + " = :k")
                .expressionAttributeValues(Map.of(":k", s(LISTING_VALUE)))).items()
            .forEach(item -> keys.add(new Listed(Items.text(item, KEY_ID), Items.text(item, STATE), Items.number(item, CREATED_AT),
                (int) Items.number(item, RATE))));
        return keys;
    }

    /**
     * Replaces the secret of an active key; the previous one is accepted until
     * {@code previousValidUntilMillis} (now or earlier: not at all). False if absent or revoked.
     */
    public boolean rotate(final String keyId, final byte[] newSecretSha256, final long previousValidUntilMillis) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY_ID, s(keyId)))
                .updateExpression("SET " + PREVIOUS_SECRET + " = " + SECRET + ", " + PREVIOUS_VALID_UNTIL + " = :u, "
                    + SECRET + " = :h, " + CatalogTables.LISTING + " = :k")
                .conditionExpression("attribute_exists(" + KEY_ID + ") AND #st = :active")
                .expressionAttributeNames(Map.of("#st", STATE))
                .expressionAttributeValues(Map.of(":h", Items.b(newSecretSha256), ":u", n(previousValidUntilMillis),
                    ":active", s(ApiKeyRecord.ACTIVE), ":k", s(LISTING_VALUE))));
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
                .expressionAttributeNames(Map.of("#st", STATE))
                .expressionAttributeValues(Map.of(":revoked", s(ApiKeyRecord.REVOKED))));
            return true;
        } catch (final ConditionalCheckFailedException e) {
            return false;
        }
    }
}
