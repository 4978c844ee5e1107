package io.lakeobs.functions.ingest;

import io.lakeobs.functions.core.catalog.TableNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything stored, for "nothing changed" assertions: every item of every table and every
 * object's key, size and ETag. (A test-only Scan; the product never scans.)
 */
public record StoredState(Map<String, List<Map<String, AttributeValue>>> items, List<String> objects) {
    public static StoredState capture(final DynamoDbClient dynamoDb, final S3Client s3, final TableNames tables,
                                      final String bucket) {
        final Map<String, List<Map<String, AttributeValue>>> items = new TreeMap<>();
        for (final String table : List.of(tables.processes(), tables.streams(), tables.blocks(), tables.quarantine(),
            tables.partitions(), tables.apiKeys())) {
            final List<Map<String, AttributeValue>> rows = new ArrayList<>();
            dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(rows::add);
            rows.sort((a, b) -> a.toString().compareTo(b.toString()));
            items.put(table, rows);
        }
        final List<String> objects = new ArrayList<>();
        for (final S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            objects.add(object.key() + " " + object.size() + " " + object.eTag());
        }
        return new StoredState(items, objects);
    }
}
