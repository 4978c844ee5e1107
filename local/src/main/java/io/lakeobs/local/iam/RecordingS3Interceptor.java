package io.lakeobs.local.iam;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Records each S3 operation a client runs as the IAM action it needs on the object's bucket and
 * key prefix (HeadObject needs {@code s3:GetObject}, the calls of a multipart upload but its abort
 * {@code s3:PutObject}, a listing {@code s3:ListBucket} on the bucket with its prefix,
 * DeleteObjects {@code s3:DeleteObject} per key). Any other operation
 * is recorded as {@code s3:<Operation>}, so that a new kind of call shows up rather than hides.
 */
public final class RecordingS3Interceptor implements ExecutionInterceptor {
    private final CallRecorder recorder;
    private final String principal;
    private final AwsResources resources;

    public RecordingS3Interceptor(final CallRecorder recorder, final String principal, final AwsResources resources) {
        this.recorder = recorder;
        this.principal = principal;
        this.resources = resources;
    }

    @Override
    public void beforeExecution(final Context.BeforeExecution context, final ExecutionAttributes attributes) {
        final String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        final SdkRequest request = context.request();
        final String bucket = field(request, "Bucket");
        switch (operation) {
            case "GetObject", "HeadObject" -> object("s3:GetObject", bucket, field(request, "Key"));
            case "PutObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload" ->
                object("s3:PutObject", bucket, field(request, "Key"));
            case "AbortMultipartUpload" -> object("s3:AbortMultipartUpload", bucket, field(request, "Key"));
            case "DeleteObject" -> object("s3:DeleteObject", bucket, field(request, "Key"));
            case "DeleteObjects" -> {
                for (final ObjectIdentifier id : ((DeleteObjectsRequest) request).delete().objects()) {
                    object("s3:DeleteObject", bucket, id.key());
                }
            }
            case "ListObjectsV2", "ListObjects" ->
                recorder.record(principal, "s3:ListBucket", resources.listing(bucket, field(request, "Prefix")));
            default -> recorder.record(principal, "s3:" + operation, bucket == null ? "*" : resources.listing(bucket, null));
        }
    }

    /** S3 answers a missing key with 404 only to a caller allowed to list the bucket (403 otherwise). */
    @Override
    public void onExecutionFailure(final Context.FailedExecution context, final ExecutionAttributes attributes) {
        if (context.exception() instanceof S3Exception failure && failure.statusCode() == 404) {
            recorder.record(principal, "s3:ListBucket", resources.listing(field(context.request(), "Bucket"),
                field(context.request(), "Key")));
        }
    }

    private void object(final String action, final String bucket, final String key) {
        recorder.record(principal, action, resources.object(bucket, key));
    }

    private static String field(final SdkRequest request, final String name) {
        return request.getValueForField(name, String.class).orElse(null);
    }
}
