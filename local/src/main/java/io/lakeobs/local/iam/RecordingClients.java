package io.lakeobs.local.iam;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Decorators that record what a client is asked to do, where an SDK interceptor cannot: DynamoDB
 * Local's embedded client runs no interceptors, and a presigner sends nothing (a presigned PUT is
 * a use of {@code s3:PutObject} by the signer, on the signed key). Both are {@link Proxy}s of the
 * SDK interfaces: a consumer-style or paginator method runs the interface's own default body, which
 * comes back through the proxy with the built request, so each request is recorded once.
 */
public final class RecordingClients {
    private RecordingClients() {
    }

    /** {@code delegate}, recording each request as {@code dynamodb:<Operation>} on its table (and index). */
    public static DynamoDbClient dynamoDb(final DynamoDbClient delegate, final CallRecorder recorder, final String principal,
                                          final AwsResources resources) {
        return proxy(DynamoDbClient.class, delegate, (method, request) -> recordDynamoDb(method, request, recorder, principal,
            resources));
    }

    /** {@code delegate}, recording each presigned PUT (GET) as {@code s3:PutObject} ({@code s3:GetObject}) on its key prefix. */
    public static S3Presigner presigner(final S3Presigner delegate, final CallRecorder recorder, final String principal,
                                        final AwsResources resources) {
        return proxy(S3Presigner.class, delegate, (method, request) -> {
            if (request instanceof PutObjectPresignRequest presign) {
                final PutObjectRequest put = presign.putObjectRequest();
                recorder.record(principal, "s3:PutObject", resources.object(put.bucket(), put.key()));
            } else if (request instanceof GetObjectPresignRequest presign) {
                final GetObjectRequest get = presign.getObjectRequest();
                recorder.record(principal, "s3:GetObject", resources.object(get.bucket(), get.key()));
            } else if (method.getName().startsWith("presign")) {
                recorder.record(principal, "s3:" + method.getName(), "*");
            }
        });
    }

    private static void recordDynamoDb(final Method method, final Object argument, final CallRecorder recorder,
                                       final String principal, final AwsResources resources) {
        if (!(argument instanceof DynamoDbRequest request)) {
            return;
        }
        final String operation = method.getName().substring(0, 1).toUpperCase(Locale.ROOT) + method.getName().substring(1);
        if (request instanceof QueryRequest query) {
            recorder.record(principal, "dynamodb:Query", resources.table(query.tableName(), query.indexName()));
        } else if (request instanceof ScanRequest scan) {
            recorder.record(principal, "dynamodb:Scan", resources.table(scan.tableName(), scan.indexName()));
        } else if (request instanceof BatchWriteItemRequest batch) {
            batch.requestItems().keySet()
                .forEach(table -> recorder.record(principal, "dynamodb:BatchWriteItem", resources.table(table, null)));
        } else if (request instanceof BatchGetItemRequest batch) {
            batch.requestItems().keySet()
                .forEach(table -> recorder.record(principal, "dynamodb:BatchGetItem", resources.table(table, null)));
        } else if (request instanceof TransactWriteItemsRequest transaction) {
            // a transaction is authorised per item, as the item's own action
            for (final TransactWriteItem item : transaction.transactItems()) {
                if (item.put() != null) {
                    recorder.record(principal, "dynamodb:PutItem", resources.table(item.put().tableName(), null));
                } else if (item.update() != null) {
                    recorder.record(principal, "dynamodb:UpdateItem", resources.table(item.update().tableName(), null));
                } else if (item.delete() != null) {
                    recorder.record(principal, "dynamodb:DeleteItem", resources.table(item.delete().tableName(), null));
                } else {
                    recorder.record(principal, "dynamodb:ConditionCheckItem",
                        resources.table(item.conditionCheck().tableName(), null));
                }
            }
        } else if (request instanceof TransactGetItemsRequest transaction) {
            transaction.transactItems()
                .forEach(item -> recorder.record(principal, "dynamodb:GetItem", resources.table(item.get().tableName(), null)));
        } else {
            recorder.record(principal, "dynamodb:" + operation,
                resources.table(request.getValueForField("TableName", String.class).orElse("*"), null));
        }
    }

    @FunctionalInterface
    private interface RequestListener {
        void requested(Method method, Object request);
    }

    private static <T> T proxy(final Class<T> type, final T delegate, final RequestListener listener) {
        final InvocationHandler handler = (proxy, method, args) -> {
            final Object first = args == null || args.length == 0 ? null : args[0];
            // consumer-style and paginator methods: the interface's default body builds the request and calls the proxy again
            if (method.isDefault() && (first instanceof Consumer<?> || method.getName().endsWith("Paginator"))) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            listener.requested(method, first);
            try {
                return method.invoke(delegate, args);
            } catch (final InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
