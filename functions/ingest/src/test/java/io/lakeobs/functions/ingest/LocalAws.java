package io.lakeobs.functions.ingest;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.lakeobs.functions.core.catalog.CatalogTables;
import io.lakeobs.functions.core.catalog.TableNames;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;

/**
 * Real servers on 127.0.0.1 for tests: S3Proxy (in-memory, verifies SigV4 and presigned URLs) and
 * DynamoDB Local (embedded, in-process), with the catalog tables created from
 * {@link CatalogTables}. Stand-in until the shared io.lakeobs.local.EmbeddedStack exists.
 */
public final class LocalAws implements AutoCloseable {
    public static final String ACCESS_KEY = "local-access";
    public static final String SECRET_KEY = "local-secret";
    public static final AwsCredentialsProvider CREDENTIALS =
        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

    private final S3Proxy s3Proxy;
    private final AmazonDynamoDBLocal dynamoDbLocal;
    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final URI s3Endpoint;

    public LocalAws(final TableNames tables, final String bucket) throws Exception {
        s3Proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
            .build();
        s3Proxy.start();
        if (!"STARTED".equals(s3Proxy.getState())) {
            throw new IllegalStateException("S3Proxy did not start: " + s3Proxy.getState());
        }
        s3Endpoint = URI.create("http://127.0.0.1:" + s3Proxy.getPort());
        s3 = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS).endpointOverride(s3Endpoint).forcePathStyle(true).build();
        presigner = S3Presigner.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
            .endpointOverride(s3Endpoint)
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        s3.createBucket(b -> b.bucket(bucket));
        dynamoDbLocal = DynamoDBEmbedded.create();
        dynamoDb = dynamoDbLocal.dynamoDbClient();
        for (final CreateTableRequest table : CatalogTables.createTableRequests(tables)) {
            dynamoDb.createTable(table);
        }
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public S3Client s3() {
        return s3;
    }

    public S3Presigner presigner() {
        return presigner;
    }

    public URI s3Endpoint() {
        return s3Endpoint;
    }

    @Override
    public void close() throws Exception {
        presigner.close();
        s3.close();
        dynamoDb.close();
        dynamoDbLocal.shutdown();
        s3Proxy.stop();
    }
}
