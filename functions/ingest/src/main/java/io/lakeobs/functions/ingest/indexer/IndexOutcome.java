package io.lakeobs.functions.ingest.indexer;

/** What the indexer did with one object. */
public enum IndexOutcome {
    /** A new block item was written. */
    INDEXED,
    /** A new block item was written, flagged for reconciliation: its stream is not (yet) registered. */
    INDEXED_UNKNOWN_STREAM,
    /** A new block item was written, parked: its API key is over its per-minute budget (held out of the global views). */
    INDEXED_PARKED,
    /** The block was already indexed: nothing changed. */
    DUPLICATE,
    /** The object is not a valid block for its key: recorded in quarantine with the reason. */
    QUARANTINED,
    /** The object no longer exists (deleted before the event arrived): nothing to do. */
    MISSING,
    /** Not a block key or not our bucket: not the indexer's business. */
    IGNORED
}
