package io.lakeobs.functions.views.parquet;

import org.apache.parquet.io.OutputFile;

/**
 * A Parquet {@link OutputFile} whose content becomes visible only when it is committed, after the
 * writer wrote the footer: a reader never sees half a file, whether the bytes were kept in memory
 * or streamed to S3 part by part as row groups filled. {@link #abort} discards what was written
 * (an empty view, or a failed run); both are idempotent once one of them ran.
 */
public interface CommittableOutputFile extends OutputFile {
    /** Makes the complete file visible. */
    void commit();

    /** Discards the file; nothing becomes visible. Never throws for a file that was never started. */
    void abort();

    /** Bytes written so far (the whole file once committed). */
    long size();
}
