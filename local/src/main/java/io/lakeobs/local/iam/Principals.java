package io.lakeobs.local.iam;

/**
 * Who makes AWS calls in lakeobs, by the logical id of its function (or role) in sam-template.yaml:
 * each function's wiring on the local stack gets clients recording under its own name, so that
 * its calls can be held against its own policy.
 */
public final class Principals {
    public static final String INGEST_API = "IngestApiFunction";
    public static final String INDEXER = "IndexerFunction";
    public static final String SCHEDULED_VIEWS = "ScheduledViewsFunction";
    /** The views worker: one part of a window the scheduled views split. */
    public static final String VIEW_PART = "ViewPartFunction";
    public static final String ON_DEMAND_ETL = "OnDemandEtlFunction";
    public static final String BACKFILL = "BackfillFunction";
    public static final String SAMPLER = "SamplerFunction";
    public static final String RETENTION = "RetentionFunction";
    public static final String TRACE_EXPORT = "TraceExportFunction";
    /** The role the ingest function assumes to sign block uploads (a presigned PUT is a use of its s3:PutObject). */
    public static final String BLOCK_UPLOAD_SIGNER = "BlockUploadSignerRole";

    private Principals() {
    }
}
