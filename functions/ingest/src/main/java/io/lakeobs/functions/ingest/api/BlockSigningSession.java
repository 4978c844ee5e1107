package io.lakeobs.functions.ingest.api;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

import java.time.Duration;

/**
 * The credentials block uploads are signed with: a session of the block-upload signer role,
 * narrowed further by a session policy that allows {@code s3:PutObject} on {@code blocks/*} of the
 * raw bucket and nothing else. A presigned URL carries its signer's permissions, so even a bug
 * that signed another key (a declaration, a view file, another bucket) yields a URL S3 refuses.
 * Large declarations are written with the function's own role, never with this session.
 *
 * <p>The SDK's provider caches the session and renews it before it could cut a URL short: a
 * session with less than the URLs' expiry (plus a minute) left is never used to sign.
 */
public final class BlockSigningSession {
    /** Session name, visible in CloudTrail. */
    static final String SESSION_NAME = "lakeobs-block-signer";
    /** How long each session lasts (the role's maximum is at least an hour). */
    static final Duration SESSION = Duration.ofHours(1);

    private BlockSigningSession() {
    }

    /** The session policy: PutObject on {@code arn:<partition>:s3:::<bucket>/blocks/*} only. */
    public static String policy(final String partition, final String bucket) {
        if (bucket.isEmpty() || bucket.contains("/") || bucket.contains("\"") || bucket.contains("*")) {
            throw new IllegalArgumentException("not a bucket name: '" + bucket + "'");
        }
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\","
            + "\"Resource\":\"arn:" + partition + ":s3:::" + bucket + "/blocks/*\"}]}";
    }

    /** Credentials of {@code roleArn} under {@link #policy}, renewed {@code urlExpiry} + 1 min before they end. */
    public static AwsCredentialsProvider assumed(final StsClient sts, final String roleArn, final String bucket,
                                                 final Duration urlExpiry) {
        final String[] arn = roleArn.split(":", 6);
        if (arn.length != 6 || !"arn".equals(arn[0]) || !"iam".equals(arn[2]) || !arn[5].startsWith("role/")) {
            throw new IllegalArgumentException("not an IAM role ARN: '" + roleArn + "'");
        }
        if (urlExpiry.plusMinutes(2).compareTo(SESSION) >= 0) {
            throw new IllegalArgumentException("presigned URLs of " + urlExpiry + " would outlive the signing session of " + SESSION);
        }
        final String policy = policy(arn[1], bucket);
        return StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts)
            .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(SESSION_NAME).policy(policy)
                .durationSeconds((int) SESSION.toSeconds()))
            .staleTime(urlExpiry.plusMinutes(1))
            .prefetchTime(urlExpiry.plusMinutes(2))
            .asyncCredentialUpdateEnabled(false)
            .build();
    }
}
