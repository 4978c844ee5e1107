package io.lakeobs.functions.core.testing;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.lakeobs.functions.core.catalog.CatalogTables;
import io.lakeobs.functions.core.catalog.TableNames;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * DynamoDB Local (embedded, no socket) and S3Proxy (in-process, 127.0.0.1, SigV4 checked) for the
 * function modules' tests (through functions-core's test-jar), with every request recorded: S3 through an SDK {@link ExecutionInterceptor},
 * DynamoDB through a recording decorator around the real embedded client (it bypasses the SDK
 * pipeline, so interceptors do not see its calls). Not mocks: both servers store and answer.
 */
public final class LocalAws implements AutoCloseable {
    public static final String RAW_BUCKET = "raw";
    public static final String VIEWS_BUCKET = "views";
    private final AmazonDynamoDBLocal dynamoLocal;
    private final S3Proxy s3Proxy;
    public final DynamoDbClient dynamoDb;
    public final S3Client s3;
    public final TableNames tables = TableNames.withPrefix("test-");
    /** "S3 PutObject key", "S3 GetObject key", "S3 DeleteObjects", "DDB putItem table", ... in order. */
    public final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    /** When it matches a request about to be sent, the request fails (a crash at that point). */
    public volatile Predicate<String> failOn = r -> false;
    /** Sees every request object (S3 and DynamoDB) just before {@link #failOn} is asked about it. */
    public volatile Consumer<Object> beforeRequest = r -> { };
    /**
     * Items of one BatchWriteItem the server processes at most; the rest come back as unprocessed,
     * as DynamoDB answers under throttling.
     */
    public volatile int batchWriteCapacity = Integer.MAX_VALUE;
    /** The same servers without recording, hooks or failures: for tests to inspect state between requests. */
    public final DynamoDbClient unrecordedDynamoDb;
    public final S3Client unrecordedS3;

    public LocalAws() throws Exception {
        dynamoLocal = DynamoDBEmbedded.create();
        final DynamoDbClient real = dynamoLocal.dynamoDbClient();
        unrecordedDynamoDb = real;
        dynamoDb = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
            (proxy, method, args) -> {
                final String name = method.getName();
                final boolean request = args != null && args.length == 1
                    && args[0] instanceof software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
                if (request && !name.endsWith("Paginator")) {
                    final String call = "DDB " + name;
                    beforeRequest.accept(args[0]);
                    if (failOn.test(call)) {
                        throw new IllegalStateException("injected failure: " + call);
                    }
                    requests.add(call);
                } else if (method.isDefault()) {
                    // builder overloads and paginators: let them call back through this recorder
                    return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                }
                try {
                    if (request && args[0] instanceof BatchWriteItemRequest batch) {
                        return limitedBatchWrite(real, batch);
                    }
                    return method.invoke(real, args);
                } catch (final InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        CatalogTables.createTableRequests(tables).forEach(dynamoDb::createTable);
        requests.clear();

        s3Proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret").build();
        s3Proxy.start();
        for (int i = 0; i < 1_000_000 && !"STARTED".equals(s3Proxy.getState()); i++) {
            Thread.onSpinWait();
        }
        if (!"STARTED".equals(s3Proxy.getState())) {
            throw new IllegalStateException("S3Proxy did not start: " + s3Proxy.getState());
        }
        s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + s3Proxy.getPort())).forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")))
            .httpClient(UrlConnectionHttpClient.create())
            // no "Expect: 100-continue": with the JDK client, a PUT whose 100 the busy in-process server
            // answers late fails with "Error writing request body to server" on every attempt
            .serviceConfiguration(S3Configuration.builder().expectContinueEnabled(false).build())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            // on a saturated machine the in-process server can drop a connection mid-request: more patient retries
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(8).build())
                .addExecutionInterceptor(new ExecutionInterceptor() {
                @Override
                public void beforeExecution(final Context.BeforeExecution context, final ExecutionAttributes attributes) {
                    final String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
                    String key = "";
                    if (context.request() instanceof PutObjectRequest put) {
                        key = " " + put.key();
                    } else if (context.request() instanceof GetObjectRequest get) {
                        key = " " + get.key();
                    }
                    final String request = "S3 " + operation + key;
                    beforeRequest.accept(context.request());
                    if (failOn.test(request)) {
                        throw new IllegalStateException("injected failure: " + request);
                    }
                    requests.add(request);
                }
            }))
            .build();
        unrecordedS3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + s3Proxy.getPort())).forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")))
            .httpClient(UrlConnectionHttpClient.create())
            // no "Expect: 100-continue": with the JDK client, a PUT whose 100 the busy in-process server
            // answers late fails with "Error writing request body to server" on every attempt
            .serviceConfiguration(S3Configuration.builder().expectContinueEnabled(false).build())
            // on a saturated machine the in-process server can drop a connection mid-request: more patient retries
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(8).build()))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .build();
        s3.createBucket(b -> b.bucket(RAW_BUCKET));
        s3.createBucket(b -> b.bucket(VIEWS_BUCKET));
        requests.clear();
    }

    /**
     * Another set of catalog tables and a raw bucket on the same servers: a fresh namespace for one
     * case of a test that runs many (starting the servers costs seconds, a namespace milliseconds).
     */
    public TableNames namespace(final String name) {
        final TableNames names = TableNames.withPrefix(name + "-");
        CatalogTables.createTableRequests(names).forEach(unrecordedDynamoDb::createTable);
        unrecordedS3.createBucket(b -> b.bucket(name + "-raw"));
        return names;
    }

    private BatchWriteItemResponse limitedBatchWrite(final DynamoDbClient real, final BatchWriteItemRequest batch) {
        final int capacity = batchWriteCapacity;
        final Map<String, List<WriteRequest>> accepted = new LinkedHashMap<>();
        final Map<String, List<WriteRequest>> unprocessed = new LinkedHashMap<>();
        int taken = 0;
        for (final Map.Entry<String, List<WriteRequest>> table : batch.requestItems().entrySet()) {
            for (final WriteRequest write : table.getValue()) {
                (taken++ < capacity ? accepted : unprocessed).computeIfAbsent(table.getKey(), k -> new ArrayList<>()).add(write);
            }
        }
        if (!accepted.isEmpty()) {
            real.batchWriteItem(b -> b.requestItems(accepted));
        }
        return BatchWriteItemResponse.builder().unprocessedItems(unprocessed).build();
    }

    public long count(final String prefix) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.startsWith(prefix)).count();
        }
    }

    /** S3 PutObject plus DynamoDB PutItem/UpdateItem/DeleteItem/BatchWriteItem. */
    public long writes() {
        synchronized (requests) {
            return requests.stream().filter(r -> r.startsWith("S3 PutObject") || r.startsWith("S3 DeleteObjects")
                || r.equals("DDB putItem") || r.equals("DDB updateItem") || r.equals("DDB deleteItem")
                || r.equals("DDB batchWriteItem")).count();
        }
    }

    @Override
    public void close() throws Exception {
        s3.close();
        unrecordedS3.close();
        s3Proxy.stop();
        dynamoLocal.shutdownNow();
    }
}
