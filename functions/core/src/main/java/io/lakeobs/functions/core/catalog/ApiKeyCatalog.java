package io.lakeobs.functions.core.catalog;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static io.lakeobs.functions.core.catalog.CatalogTables.KEY_ID;
import static io.lakeobs.functions.core.catalog.Items.n;
import static io.lakeobs.functions.core.catalog.Items.s;

/** The api_keys table: create, read, rotate the secret, revoke. Secrets are stored hashed only. */
public final class ApiKeyCatalog {
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
