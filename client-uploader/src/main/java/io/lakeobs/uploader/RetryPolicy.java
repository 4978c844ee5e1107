package io.lakeobs.uploader;

import io.lakeobs.protocol.ErrorResponse;
import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.IngestPaths;

import java.util.Locale;

/**
 * How the uploader reads a failed reply: whether it is worth retrying, when to try again, and
 * which block of a batch a refusal names. The rules of the ingest API and of S3 live here, in
 * one place, apart from the state they act on. Used by the upload loop's thread only (the
 * backoff's jitter source is not thread-safe).
 */
final class RetryPolicy {
    private final UploaderConfig config;
    private final Backoff backoff;

    RetryPolicy(final UploaderConfig config) {
        this.config = config;
        this.backoff = new Backoff(config.backoffBase(), config.backoffCap(), config.random());
    }

    /** An ingest API failure worth retrying: a transient one, or an empty 404 (not the ingest API speaking). */
    static boolean retryable(final IngestClient.Reply reply, final ErrorResponse error) {
        return transientFailure(reply)
            || (error == null && reply.status() == 404 && reply.body() != null && reply.body().length == 0);
    }

    /** A PUT failure worth retrying: a transient one, or S3's own request timeout. */
    static boolean retryablePut(final IngestClient.Reply reply) {
        return transientFailure(reply) || reply.bodyText().contains("<Code>RequestTimeout</Code>");
    }

    /** No response, a server error, throttling or a request timeout: the next try may well succeed. */
    private static boolean transientFailure(final IngestClient.Reply reply) {
        return reply.status() == 0 || reply.status() >= 500 || reply.status() == 429 || reply.status() == 408;
    }

    /**
     * S3 refused the PUT because the object exists ({@code If-None-Match: *} is signed: blocks are
     * write-once) and this block was PUT before, by this run or by the run that spooled it: only
     * its own key's URLs can write there, so the earlier PUT got through and its answer was lost.
     */
    static boolean alreadyWritten(final IngestClient.Reply reply, final PendingBlock block) {
        return reply.status() == 412 && (block.putsSent > 1 || block.recovered);
    }

    /** S3 refused the PUT because the block's presigned URL expired: presign again, do not drop. */
    boolean urlExpired(final IngestClient.Reply reply, final PendingBlock block) {
        return reply.status() == 403 && (reply.bodyText().toLowerCase(Locale.ROOT).contains("expired")
            || !block.upload.expiresAt().isAfter(config.clock().instant()));
    }

    /** The ingest API's error body, or null when there is none or it does not parse. */
    static ErrorResponse error(final IngestClient.Reply reply) {
        if (reply.body() == null || reply.body().length == 0) {
            return null;
        }
        try {
            return IngestJson.parseError(reply.body());
        } catch (final RuntimeException e) {
            return null;
        }
    }

    /** {@code blocks[3].streamId} → 3; else -1. */
    static int blockIndex(final String field) {
        if (field == null || !field.startsWith("blocks[")) {
            return -1;
        }
        final int close = field.indexOf(']');
        try {
            return close < 0 ? -1 : Integer.parseInt(field.substring("blocks[".length(), close));
        } catch (final NumberFormatException e) {
            return -1;
        }
    }

    /** Clock millis of retry number {@code attempt}: backoff, or longer if a 429 asks for it. */
    long retryAt(final int attempt, final IngestClient.Reply reply) {
        final long now = config.clock().millis();
        if (reply.status() == 429) {
            final String after = reply.header(IngestPaths.RETRY_AFTER_HEADER);
            try {
                final long seconds = after == null ? 1 : Long.parseLong(after.trim());
                return now + Math.max(backoff.delayMillis(attempt), Math.min(seconds, 3600) * 1000);
            } catch (final NumberFormatException e) {
                return now + backoff.delayMillis(attempt);
            }
        }
        return now + backoff.delayMillis(attempt);
    }

    /**
     * Clock millis to redo a step the backend undid (a forgotten registration, an expired URL)
     * for the {@code times}-th time: the first time at once; if it keeps happening, back off.
     */
    long againAt(final int times, final long now) {
        return times == 0 ? now : now + backoff.delayMillis(times - 1);
    }
}
