package io.lakeobs.functions.ingest.api;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.signer.AwsS3V4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4PresignerParams;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.signer.Presigner;
import software.amazon.awssdk.core.signer.Signer;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.regions.Region;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Presigns with SigV4 at a signing time we choose. The SDK's presigner reads the wall clock
 * directly; with this signer set on the request, the URL's X-Amz-Date and expiry come from the
 * injected clock instead, so the expiry we report is exactly the signed one and tests can sign
 * URLs that are already expired without sleeping.
 */
@SuppressWarnings("deprecation") // the per-request signer override is the SDK's supported hook for this
final class ClockedS3Signer implements Signer, Presigner {
    private static final AwsS3V4Signer SIGNER = AwsS3V4Signer.create();

    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final Instant signingTime;
    private final Instant expiresAt;

    ClockedS3Signer(final AwsCredentialsProvider credentials, final Region region, final Instant signingTime,
                    final Instant expiresAt) {
        this.credentials = credentials;
        this.region = region;
        this.signingTime = signingTime;
        this.expiresAt = expiresAt;
    }

    @Override
    public SdkHttpFullRequest presign(final SdkHttpFullRequest request, final ExecutionAttributes attributes) {
        final Aws4PresignerParams params = Aws4PresignerParams.builder()
            .awsCredentials(credentials.resolveCredentials())
            .signingName("s3")
            .signingRegion(region)
            .doubleUrlEncode(false)
            .signingClockOverride(Clock.fixed(signingTime, ZoneOffset.UTC))
            .expirationTime(expiresAt)
            .build();
        return SIGNER.presign(request, params);
    }

    @Override
    public SdkHttpFullRequest sign(final SdkHttpFullRequest request, final ExecutionAttributes attributes) {
        throw new UnsupportedOperationException("this signer only presigns");
    }
}
