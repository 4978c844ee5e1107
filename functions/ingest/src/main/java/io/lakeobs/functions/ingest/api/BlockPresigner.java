package io.lakeobs.functions.ingest.api;

import io.lakeobs.functions.core.store.ObjectKeys;
import io.lakeobs.protocol.BlockUpload;
import io.lakeobs.protocol.PresignedUpload;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Presigned S3 PUT URLs bound to one key ({@code blocks/{day}/{process}/{stream}/{block}}, the UTC day of
 * signing first: see {@link ObjectKeys}), one exact
 * content length (signed: X-Amz-SignedHeaders holds content-length) and a short expiry, and
 * write-once: {@code If-None-Match: *} is signed too, so a replay of the URL cannot replace the
 * object after the indexer read its header (S3 answers 412; the bucket policy refuses a PUT
 * without the condition). No ownership check here: {@link PresignService} does it before calling.
 */
public final class BlockPresigner {
    /** Headers the HTTP client sets itself (java.net.http refuses to set them): not returned to clients. */
    private static final List<String> CLIENT_SET_HEADERS = List.of("host", "content-length");
    /** Every block PUT is conditional on the key being free: blocks are write-once. */
    private static final String IF_NONE_MATCH_ANY = "*";

    private final S3Presigner presigner;
    private final String bucket;
    private final Clock clock;
    private final Duration expiry;
    private final AwsCredentialsProvider credentials;
    private final Region region;

    public BlockPresigner(final S3Presigner presigner, final String bucket, final Clock clock, final Duration expiry,
                          final AwsCredentialsProvider credentials, final Region region) {
        this.presigner = presigner;
        this.bucket = bucket;
        this.clock = clock;
        this.expiry = expiry;
        this.credentials = credentials;
        this.region = region;
    }

    /**
     * One URL per block, all signed at the same instant and expiring together. The first block goes
     * through the SDK's {@link S3Presigner} (endpoint resolution, path or virtual-host style); the
     * others reuse its endpoint and are signed by the same SigV4 signer directly, skipping the
     * presigner's per-call pipeline (several times faster; the URLs are identical, see the tests).
     */
    public List<PresignedUpload> presign(final UUID processId, final List<BlockUpload> blocks) {
        final Instant now = clock.instant();
        final Instant expiresAt = now.plus(expiry);
        final ClockedS3Signer signer = new ClockedS3Signer(credentials, region, now, expiresAt);
        final List<PresignedUpload> uploads = new ArrayList<>(blocks.size());
        if (blocks.isEmpty()) {
            return uploads;
        }
        final BlockUpload first = blocks.get(0);
        final String firstKey = ObjectKeys.blockKey(now, processId, first.streamId(), first.blockId());
        final PresignedPutObjectRequest presigned = presigner.presignPutObject(p -> p.signatureDuration(expiry)
            .putObjectRequest(PutObjectRequest.builder().bucket(bucket).key(firstKey).contentLength(first.contentLength())
                .ifNoneMatch(IF_NONE_MATCH_ANY).overrideConfiguration(o -> o.signer(signer)).build()));
        uploads.add(new PresignedUpload(first.blockId(), presigned.url().toString(), headersToSend(presigned), expiresAt));
        final SdkHttpRequest template = presigned.httpRequest();
        final String path = template.encodedPath();
        if (!path.endsWith("/" + firstKey)) {
            return presignEach(processId, blocks.subList(1, blocks.size()), now, signer, expiresAt, uploads);
        }
        final String prefix = path.substring(0, path.length() - firstKey.length());
        final Map<String, String> headers = headersToSend(presigned);
        for (final BlockUpload block : blocks.subList(1, blocks.size())) {
            final SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.PUT)
                .protocol(template.protocol()).host(template.host()).port(template.port())
                .encodedPath(prefix + ObjectKeys.blockKey(now, processId, block.streamId(), block.blockId()))
                .putHeader("Content-Length", Long.toString(block.contentLength()))
                .putHeader("If-None-Match", IF_NONE_MATCH_ANY)
                .build();
            final SdkHttpFullRequest signed = signer.presign(request, null);
            uploads.add(new PresignedUpload(block.blockId(), signed.getUri().toString(), headers, expiresAt));
        }
        return uploads;
    }

    /** Every URL through the SDK presigner's whole pipeline (the reference the fast path must match). */
    public List<PresignedUpload> presignEach(final UUID processId, final List<BlockUpload> blocks) {
        final Instant now = clock.instant();
        final Instant expiresAt = now.plus(expiry);
        return presignEach(processId, blocks, now, new ClockedS3Signer(credentials, region, now, expiresAt), expiresAt,
            new ArrayList<>(blocks.size()));
    }

    private List<PresignedUpload> presignEach(final UUID processId, final List<BlockUpload> blocks, final Instant now,
                                              final ClockedS3Signer signer, final Instant expiresAt,
                                              final List<PresignedUpload> uploads) {
        for (final BlockUpload block : blocks) {
            final PutObjectRequest put = PutObjectRequest.builder().bucket(bucket)
                .key(ObjectKeys.blockKey(now, processId, block.streamId(), block.blockId()))
                .contentLength(block.contentLength())
                .ifNoneMatch(IF_NONE_MATCH_ANY)
                .overrideConfiguration(o -> o.signer(signer))
                .build();
            final PresignedPutObjectRequest presigned = presigner.presignPutObject(p -> p.signatureDuration(expiry)
                .putObjectRequest(put));
            uploads.add(new PresignedUpload(block.blockId(), presigned.url().toString(), headersToSend(presigned), expiresAt));
        }
        return uploads;
    }

    private static Map<String, String> headersToSend(final PresignedPutObjectRequest presigned) {
        final Map<String, String> headers = new LinkedHashMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!CLIENT_SET_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                headers.put(name, String.join(",", values));
            }
        });
        return headers;
    }
}
