package io.lakeobs.functions.views.catalog;

import io.lakeobs.functions.core.store.BlockStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * View files and manifests in S3. A manifest is one object per partition directory listing the
 * {@code s3://} URIs of the live files, one per line: Athena's SymlinkTextInputFormat reads
 * exactly those files, and an S3 PUT replaces the object atomically, so a query sees the old
 * list or the new one, never a mix. Files are always uploaded, complete, before any manifest
 * names them.
 */
public final class ViewStore {
    /** Part size of streamed files: S3's 5 MiB minimum plus room, one buffer per file being written. */
    public static final int DEFAULT_PART_BYTES = 8 << 20;
    private final S3Client s3;
    private final String bucket;
    private final int partBytes;

    public ViewStore(final S3Client s3, final String bucket) {
        this(s3, bucket, DEFAULT_PART_BYTES);
    }

    public ViewStore(final S3Client s3, final String bucket, final int partBytes) {
        if (partBytes < MultipartOutputFile.MIN_PART_BYTES) {
            throw new IllegalArgumentException("view file part size must be at least " + MultipartOutputFile.MIN_PART_BYTES
                + " bytes (S3's minimum part), was " + partBytes);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.partBytes = partBytes;
    }

    public String bucket() {
        return bucket;
    }

    public void putFile(final String key, final byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/vnd.apache.parquet")
            .contentLength((long) bytes.length), RequestBody.fromBytes(bytes));
    }

    /** A file streamed to {@code key} as it is written; visible only once committed. */
    public MultipartOutputFile openFile(final String key) {
        return new MultipartOutputFile(s3, bucket, key, partBytes);
    }

    public void putManifest(final String key, final List<String> fileKeys) {
        final StringBuilder text = new StringBuilder();
        for (final String file : fileKeys) {
            text.append(uri(file)).append('\n');
        }
        final byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/plain").contentLength((long) bytes.length),
            RequestBody.fromBytes(bytes));
    }

    /** The object keys a manifest lists; empty when there is no manifest. */
    public List<String> readManifest(final String key) {
        try {
            final String text = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
            final List<String> keys = new ArrayList<>();
            final String prefix = "s3://" + bucket + "/";
            for (final String line : text.split("\n")) {
                if (line.startsWith(prefix)) {
                    keys.add(line.substring(prefix.length()));
                }
            }
            return keys;
        } catch (final NoSuchKeyException e) {
            return List.of();
        }
    }

    public Optional<byte[]> get(final String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (final NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * Deletes the keys (DeleteObjects, 1 000 a request); any key S3 reports as not deleted fails the
     * call, naming it (a file that must go, such as a deleted process's, is never silently left).
     */
    public void delete(final List<String> keys) {
        new BlockStore(s3, bucket).delete(keys);
    }

    public String uri(final String key) {
        return "s3://" + bucket + "/" + key;
    }
}
