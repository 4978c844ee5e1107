package io.lakeobs.functions.core.config;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.util.Optional;

/**
 * Builds the lean AWS clients the functions use: the url-connection HTTP client (fast first call,
 * small jar), the configured region, and path-style addressing whenever an endpoint is overridden
 * (the local stack on 127.0.0.1 has no virtual-host buckets).
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb(final Config config, final AwsCredentialsProvider credentials) {
        final DynamoDbClientBuilder builder = DynamoDbClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.of(config.region()))
            .credentialsProvider(credentials);
        config.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public static S3Client s3(final Config config, final AwsCredentialsProvider credentials) {
        final S3ClientBuilder builder = S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.of(config.region()))
            .credentialsProvider(credentials);
        config.s3Endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return builder.build();
    }

    public static S3Presigner presigner(final Config config, final AwsCredentialsProvider credentials) {
        final S3Presigner.Builder builder = S3Presigner.builder()
            .region(Region.of(config.region()))
            .credentialsProvider(credentials);
        config.s3Endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint)
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()));
        return builder.build();
    }

    /**
     * For an operator's command run outside Lambda: the SDK's default region chain (AWS_REGION, the
     * profile's region, ...) and credential chain (environment, profiles with SSO or assumed roles,
     * ...), rather than the functions' fixed region.
     */
    public static DynamoDbClient operatorDynamoDb(final Optional<URI> endpoint) {
        final DynamoDbClientBuilder builder = DynamoDbClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .credentialsProvider(defaultCredentials());
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The Lambda execution role's credentials (from the environment). */
    public static AwsCredentialsProvider defaultCredentials() {
        return DefaultCredentialsProvider.builder().build();
    }
}
