package io.lakeobs.functions.core.catalog;

/** Outcome of an idempotent registration. */
public enum Registration {
    /** First registration: the item was written. */
    CREATED,
    /** Already registered with the same content by the same owner: nothing changed. */
    UNCHANGED,
    /** Already registered by the same owner with different content: nothing changed. */
    CONFLICT,
    /** Already registered by another API key: nothing changed. */
    OTHER_OWNER,
    /** The stream id is owned by another process: nothing changed. */
    TAKEN,
    /** The process was deleted on request and its tombstone has not expired: nothing changed. */
    DELETED
}
