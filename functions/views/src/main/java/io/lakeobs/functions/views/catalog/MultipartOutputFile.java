package io.lakeobs.functions.views.catalog;

import io.lakeobs.functions.views.parquet.CommittableOutputFile;
import org.apache.parquet.io.PositionOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A view file streamed to S3 while it is written: Parquet's bytes fill a part buffer, and each
 * full buffer is uploaded as a part of a multipart upload (started by the first full part), so a
 * window of any size needs one row group and one part in memory, not the whole file. The object
 * appears under its key only at {@link #commit} (CompleteMultipartUpload, or one PutObject when
 * the file fits in one part): S3 never shows a partial object, so publishing keeps its order
 * (file complete before any partition item or manifest names it). A failed part aborts the
 * upload; {@link #abort} does too, and the bucket's abort-incomplete-uploads lifecycle rule is
 * the safety net for a process killed in between. Not thread-safe.
 */
public final class MultipartOutputFile implements CommittableOutputFile {
    /** S3's minimum size of every part but the last. */
    public static final int MIN_PART_BYTES = 5 << 20;
    private static final String CONTENT_TYPE = "application/vnd.apache.parquet";
    private static final int INITIAL_BUFFER = 64 << 10;
    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final int partBytes;
    /** Grows to {@link #partBytes} as bytes come: a file smaller than a part (an empty view) holds no part-sized buffer. */
    private byte[] part = new byte[INITIAL_BUFFER];
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private long position;
    private String uploadId;
    private boolean created;
    private boolean finished;

    public MultipartOutputFile(final S3Client s3, final String bucket, final String key, final int partBytes) {
        if (partBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException("multipart part size must be at least " + MIN_PART_BYTES + " bytes (S3's minimum), was "
                + partBytes);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.partBytes = partBytes;
    }

    public String key() {
        return key;
    }

    /** Parts uploaded so far (0 until the first buffer fills). */
    public int partsUploaded() {
        return parts.size();
    }

    @Override
    public PositionOutputStream create(final long blockSizeHint) {
        if (created) {
            throw new IllegalStateException("file already created: " + key);
        }
        created = true;
        return new PositionOutputStream() {
            @Override
            public long getPos() {
                return position;
            }

            private final byte[] one = new byte[1];

            @Override
            public void write(final int b) throws IOException {
                one[0] = (byte) b; // page headers and the footer come byte by byte: no array per byte
                write(one, 0, 1);
            }

            @Override
            public void write(final byte[] source, final int offset, final int length) throws IOException {
                if (finished) {
                    throw new IOException("file already committed or aborted: " + key);
                }
                int at = offset;
                int left = length;
                while (left > 0) {
                    if (filled == part.length) {
                        part = Arrays.copyOf(part, Math.min(partBytes, 2 * part.length));
                    }
                    final int n = Math.min(left, part.length - filled);
                    System.arraycopy(source, at, part, filled, n);
                    filled += n;
                    at += n;
                    left -= n;
                    position += n;
                    if (filled == partBytes) {
                        uploadFullPart();
                    }
                }
            }
        };
    }

    @Override
    public PositionOutputStream createOrOverwrite(final long blockSizeHint) {
        return create(blockSizeHint);
    }

    private void uploadFullPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE)).uploadId();
            }
            uploadPart();
        } catch (final RuntimeException e) {
            abortAfter(e);
            throw new IOException("cannot upload part " + (parts.size() + 1) + " of s3://" + bucket + "/" + key + ": " + e, e);
        }
    }

    private void uploadPart() {
        final int number = parts.size() + 1;
        final String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
            .contentLength((long) filled), body(filled)).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        filled = 0;
    }

    /** The buffer's first {@code length} bytes, without a copy (the SDK reads them once per attempt). */
    private RequestBody body(final int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, length), length, CONTENT_TYPE);
    }

    @Override
    public void commit() {
        if (finished) {
            throw new IllegalStateException("file already committed or aborted: " + key);
        }
        try {
            if (uploadId == null) {
                final int size = filled;
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE).contentLength((long) size),
                    body(size));
            } else {
                if (filled > 0) {
                    uploadPart();
                }
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            }
            finished = true;
        } catch (final RuntimeException e) {
            abortAfter(e);
            throw e;
        }
    }

    private void abortAfter(final RuntimeException failure) {
        try {
            abort();
        } catch (final RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        filled = 0;
        if (uploadId != null) {
            final String id = uploadId;
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id));
        }
    }

    @Override
    public long size() {
        return position;
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return "s3://" + bucket + "/" + key;
    }
}
