package io.lakeobs.functions.core.metrics;

/**
 * Every metric the functions emit, defined once: the handlers emit these names and units, and the
 * template's alarms name them (a test holds every alarm on the {@link #NAMESPACE} to this list).
 */
public enum Metric {
    /** Block items written (indexer), parked ones included. */
    BLOCKS_INDEXED("BlocksIndexed", Unit.COUNT),
    /** Objects recorded in quarantine (indexer). */
    BLOCKS_QUARANTINED("BlocksQuarantined", Unit.COUNT),
    /** Blocks indexed over their key's budget, held out of the global views (indexer). */
    BLOCKS_PARKED("BlocksParked", Unit.COUNT),
    /** Objects whose indexing hit an infrastructure failure: the event is retried, then goes to the failure queue. */
    INDEX_FAILURES("IndexFailures", Unit.COUNT),
    /** Global view windows written by a scheduled views run. */
    VIEWS_WINDOWS_PUBLISHED("ViewsWindowsPublished", Unit.COUNT),
    /** How far the global views' watermark is behind the run's clock. */
    VIEWS_LAG("ViewsLag", Unit.SECONDS),
    /** Blocks a views run could not read or decode (left out of their window, logged with the reason). */
    BLOCKS_SKIPPED("BlocksSkipped", Unit.COUNT),
    /** Blocks retention deleted (kept and raw passes). */
    RETENTION_BLOCKS_DELETED("RetentionBlocksDeleted", Unit.COUNT),
    /** Idle processes (with their streams) and ended tombstones retention deleted. */
    RETENTION_PROCESSES_DELETED("RetentionProcessesDeleted", Unit.COUNT),
    /** Objects nothing held that the orphan sweep deleted. */
    RETENTION_ORPHANS_DELETED("RetentionOrphansDeleted", Unit.COUNT),
    /** Retention runs that failed (the next hourly run resumes; repeated failures mean data outlives its deadline). */
    RETENTION_FAILURES("RetentionFailures", Unit.COUNT),
    /** Keep decisions the sampler applied (new or extended). */
    SAMPLER_DECISIONS("SamplerDecisions", Unit.COUNT);

    /** The CloudWatch namespace of every lakeobs metric. */
    public static final String NAMESPACE = "lakeobs";
    /** Dimensions: the stack (its resource prefix, so that two stacks do not mix) and the function. */
    public static final String STACK = "Stack";
    public static final String FUNCTION = "Function";
    /** The {@link #FUNCTION} dimension's values: the functions that emit metrics. */
    public static final String INDEXER = "indexer";
    public static final String VIEWS = "views";
    public static final String SAMPLER = "sampler";
    public static final String RETENTION = "retention";
    /** The dimension of per-key lines (a parked block names its API key). */
    public static final String KEY_ID = "KeyId";

    private final String metricName;
    private final Unit unit;

    Metric(final String metricName, final Unit unit) {
        this.metricName = metricName;
        this.unit = unit;
    }

    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }

    /** CloudWatch units used here, spelled as EMF and CloudWatch spell them. */
    public enum Unit {
        COUNT("Count"), SECONDS("Seconds");

        private final String text;

        Unit(final String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }
}
