package io.lakeobs.functions.lifecycle.sampling;

import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.function.Supplier;

/**
 * Where the sampler gets its policy: a document given inline (from the environment, parsed once) or
 * an S3 object read at every run, so an operator can change the policy without a deploy. Either way
 * the document is validated before the run reads or writes anything else.
 */
public final class PolicySource implements Supplier<SamplingPolicy> {
    private final Supplier<SamplingPolicy> source;

    private PolicySource(final Supplier<SamplingPolicy> source) {
        this.source = source;
    }

    public static PolicySource inline(final String json) {
        final SamplingPolicy policy = SamplingPolicy.parse(json);
        return new PolicySource(() -> policy);
    }

    public static PolicySource s3Object(final S3Client s3, final URI object) {
        final String bucket = object.getHost();
        final String key = object.getPath().substring(1);
        return new PolicySource(() -> SamplingPolicy.parse(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String()));
    }

    @Override
    public SamplingPolicy get() {
        return source.get();
    }
}
