package io.lakeobs.functions.core.store;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The raw bucket: blocks and large declarations. Reads of a missing object are empty results, not
 * errors, because S3 events can arrive after retention deleted the object. Its checked batch delete
 * also serves the views bucket (retired and deleted view files), so there is one way to delete.
 */
public final class BlockStore {
    /** S3 DeleteObjects accepts at most this many keys per call. */
    public static final int MAX_DELETE_BATCH = 1000;

    private final java.util.function.Supplier<S3Client> client;
    private final String bucket;
    private volatile S3Client s3;

    public BlockStore(final S3Client s3, final String bucket) {
        this.s3 = s3;
        this.client = () -> s3;
        this.bucket = bucket;
    }

    /** A store whose client is built on first use (the ingest API rarely needs S3; building a client costs start time). */
    public BlockStore(final java.util.function.Supplier<S3Client> client, final String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    private S3Client s3() {
        S3Client current = s3;
        if (current == null) {
            synchronized (this) {
                current = s3;
                if (current == null) {
                    current = client.get();
                    s3 = current;
                }
            }
        }
        return current;
    }

    public String bucket() {
        return bucket;
    }

    /**
     * Reads bytes {@code first..lastInclusive} (fewer if the object is shorter) and the object's total
     * size; empty if the object does not exist. An empty object yields no bytes and size 0.
     */
    public Optional<RangeRead> readRange(final String key, final long first, final long lastInclusive) {
        try {
            final ResponseBytes<GetObjectResponse> response = s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)
                .range("bytes=" + first + "-" + lastInclusive));
            return Optional.of(new RangeRead(response.asByteArray(), totalSize(response.response())));
        } catch (final NoSuchKeyException e) {
            return Optional.empty();
        } catch (final S3Exception e) {
            if (e.statusCode() == 416) { // range not satisfiable: the object is shorter than `first`, i.e. empty
                return size(key).map(size -> new RangeRead(new byte[0], size));
            }
            throw e;
        }
    }

    public Optional<byte[]> get(final String key) {
        try {
            return Optional.of(s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (final NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    public void put(final String key, final byte[] bytes) {
        s3().putObject(b -> b.bucket(bucket).key(key).contentLength((long) bytes.length), RequestBody.fromBytes(bytes));
    }

    public Optional<Long> size(final String key) {
        try {
            return Optional.of(s3().headObject(b -> b.bucket(bucket).key(key)).contentLength());
        } catch (final NoSuchKeyException e) {
            return Optional.empty();
        } catch (final S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every object under {@code prefix}, in key order. */
    public List<StoredObject> list(final String prefix) {
        final List<StoredObject> objects = new ArrayList<>();
        for (final S3Object object : s3().listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build()).contents()) {
            objects.add(new StoredObject(object.key(), object.size(), object.lastModified()));
        }
        return objects;
    }

    /**
     * One page of the objects under {@code prefix} whose keys sort after {@code startAfter} (empty:
     * from the first), at most {@code maxKeys}, in key order: a listing resumable from its last key.
     */
    public List<StoredObject> listPage(final String prefix, final String startAfter, final int maxKeys) {
        final ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(maxKeys);
        if (!startAfter.isEmpty()) {
            request.startAfter(startAfter);
        }
        final List<StoredObject> objects = new ArrayList<>();
        for (final S3Object object : s3().listObjectsV2(request.build()).contents()) {
            objects.add(new StoredObject(object.key(), object.size(), object.lastModified()));
        }
        return objects;
    }

    /**
     * Deletes the keys with DeleteObjects, {@link #MAX_DELETE_BATCH} a request; deleting a missing
     * key is not an error. S3 answers 200 even when some keys failed, listing them in the response:
     * every such per-key error fails the call, naming the keys, so no caller goes on believing an
     * object is gone.
     */
    public void delete(final List<String> keys) {
        for (int from = 0; from < keys.size(); from += MAX_DELETE_BATCH) {
            final List<ObjectIdentifier> batch = new ArrayList<>();
            for (final String key : keys.subList(from, Math.min(keys.size(), from + MAX_DELETE_BATCH))) {
                batch.add(ObjectIdentifier.builder().key(key).build());
            }
            final DeleteObjectsResponse response = s3().deleteObjects(b -> b.bucket(bucket)
                .delete(Delete.builder().objects(batch).quiet(true).build()));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                final List<String> failed = new ArrayList<>();
                for (final S3Error error : response.errors()) {
                    failed.add(error.key() + " (" + error.code() + ": " + error.message() + ")");
                }
                throw new IllegalStateException("S3 did not delete " + failed.size() + " of " + batch.size() + " objects: " + failed);
            }
        }
    }

    private static long totalSize(final GetObjectResponse response) {
        final String range = response.contentRange();
        if (range != null) {
            final int slash = range.lastIndexOf('/');
            if (slash >= 0 && !range.endsWith("*")) {
                return Long.parseLong(range.substring(slash + 1).trim());
            }
        }
        return response.contentLength(); // no Content-Range: the whole object came back
    }

    /** Bytes read from the start of an object and the object's total size. */
    public record RangeRead(byte[] bytes, long objectSize) {
    }

    /** One listed object. */
    public record StoredObject(String key, long size, Instant lastModified) {
    }
}
