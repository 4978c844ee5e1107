package io.lakeobs.functions.core.cost;

import java.util.ArrayList;
import java.util.List;

/**
 * The monthly cost of lakeobs on AWS at list prices ({@link ListPrices}) for a volume of events,
 * line by line, from {@link CostInputs}: what docs/cost.md states, recomputed by its test so that
 * the page cannot drift from the inputs or the prices. A month is 30 days; storage is the steady
 * state (a month's data times the days it is kept over 30); everything ingested is eventually
 * deleted by retention, so each month deletes as many blocks as it writes.
 */
public final class CostModel {
    /** Minutes, 5-minute and hourly schedules in a 30-day month. */
    static final int MINUTES = 43_200;
    static final int FIVE_MINUTES = MINUTES / 5;
    static final int HOURS = MINUTES / 60;
    /** Lambda memory of the functions in sam-template.yaml, GB. */
    static final double INGEST_GB = 1.0;
    static final double INDEXER_GB = 0.5;
    static final double VIEWS_GB = 2.0;
    static final double LIFECYCLE_GB = 1.0;
    /** Global views written every minute (log_entries, measures), each a file and a manifest. */
    static final int GLOBAL_VIEWS = 2;
    /** The reference system: about $1,100 a month for 449 billion events kept 90 days. */
    public static final double REFERENCE_USD_PER_MONTH = 1_100;
    public static final double REFERENCE_EVENTS_PER_MONTH = 449e9;

    private final CostInputs in;

    public CostModel(final CostInputs inputs) {
        this.in = inputs;
    }

    /**
     * How long data is kept: everything {@code keptDays} ({@code keptFraction} = 1, views of all),
     * or tail sampling: everything {@code rawDays}, the kept fraction {@code keptDays}, views of the kept only.
     */
    public record Retention(String name, int rawDays, double keptFraction, int keptDays) {
        public Retention {
            if (rawDays < 1 || keptDays < rawDays || keptFraction <= 0 || keptFraction > 1) {
                throw new IllegalArgumentException("retention needs 1 <= rawDays <= keptDays and 0 < keptFraction <= 1, got "
                    + rawDays + ", " + keptDays + ", " + keptFraction);
            }
        }

        public static final Retention KEEP_ALL_90_DAYS = new Retention("everything kept 90 days, views of all", 90, 1.0, 90);
        public static final Retention SAMPLED = new Retention("tail sampling: raw 7 days, 10 % kept 90 days, views of the kept",
            7, 0.10, 90);
    }

    /** One line of the bill, USD a month. */
    public record Line(String item, double usd) {
    }

    /** The bill of one volume and retention, line by line. */
    public record Estimate(double eventsPerMonth, Retention retention, List<Line> lines) {
        public double total() {
            return lines.stream().mapToDouble(Line::usd).sum();
        }

        public double perMillionEvents() {
            return total() / (eventsPerMonth / 1e6);
        }
    }

    public Estimate estimate(final double eventsPerMonth, final Retention retention) {
        if (!(eventsPerMonth > 0)) {
            throw new IllegalArgumentException("events per month must be positive, got " + eventsPerMonth);
        }
        final double bytes = eventsPerMonth * in.storedBytesPerEvent();
        final double blocks = bytes / in.bytesPerBlock();
        final double viewed = retention.keptDays() == retention.rawDays() ? 1.0 : retention.keptFraction();
        final double rows = eventsPerMonth * viewed;
        final double presigns = blocks * in.presignCallsPerBlock();
        final List<Line> lines = new ArrayList<>();
        // ingest and index
        lines.add(new Line("S3 PUT: block uploads", blocks / 1000 * ListPrices.S3_PUT_PER_THOUSAND));
        lines.add(new Line("S3 GET: the indexer's header reads and the ETL's block reads",
            blocks * (1 + viewed) / 1000 * ListPrices.S3_GET_PER_THOUSAND));
        lines.add(new Line("Lambda requests: presign calls and indexer events",
            (presigns + blocks) / 1e6 * ListPrices.LAMBDA_REQUESTS_PER_MILLION));
        lines.add(new Line("Lambda GB-s: ingest API and indexer (assumed durations)", (presigns * in.ingestMillisPerCall() / 1000 * INGEST_GB
            + blocks * in.indexerMillisPerBlock() / 1000 * INDEXER_GB) * ListPrices.LAMBDA_ARM64_GB_SECOND));
        lines.add(new Line("DynamoDB reads: API key, process, stream checks",
            (presigns * in.ingestReadsPerCall() + blocks * in.indexerReadsPerBlock()) / 1e6 * ListPrices.DYNAMODB_READ_PER_MILLION));
        lines.add(new Line("DynamoDB writes: block items with their index entries, claims, touches, key charges",
            blocks * (in.indexerItemWritesPerBlock() + in.blockIndexes()) / 1e6 * ListPrices.DYNAMODB_WRITE_PER_MILLION));
        // views
        lines.add(new Line("Lambda GB-s: views ETL (measured CPU per row)",
            rows * in.etlNanosPerRow() / 1e9 * VIEWS_GB * ListPrices.LAMBDA_ARM64_GB_SECOND));
        lines.add(new Line("S3 PUT: view files and manifests (per minute, fixed)",
            (double) MINUTES * GLOBAL_VIEWS * 2 / 1000 * ListPrices.S3_PUT_PER_THOUSAND));
        lines.add(new Line("Scheduled invocations: views each minute, sampler each 5 min, retention hourly (fixed)",
            (MINUTES + FIVE_MINUTES + HOURS) / 1e6 * ListPrices.LAMBDA_REQUESTS_PER_MILLION
                + (MINUTES * VIEWS_GB + (FIVE_MINUTES + HOURS) * LIFECYCLE_GB) * in.scheduledMillisIdle() / 1000
                * ListPrices.LAMBDA_ARM64_GB_SECOND));
        // retention
        lines.add(new Line("Retention: DeleteObjects (1,000 keys a call) and DynamoDB deletes",
            blocks / 1000 / 1000 * ListPrices.S3_PUT_PER_THOUSAND
                + blocks * (in.retentionWritesPerBlock() + in.blockIndexes()) / 1e6 * ListPrices.DYNAMODB_WRITE_PER_MILLION));
        // storage, steady state
        final double rawGbMonths = bytes / ListPrices.GB * (retention.rawDays() + retention.keptFraction()
            * (retention.keptDays() - retention.rawDays())) / 30.0;
        lines.add(new Line("S3 storage: raw blocks", rawGbMonths * ListPrices.S3_STANDARD_GB_MONTH));
        final double viewGbMonths = rows * in.parquetBytesPerRow() / ListPrices.GB * retention.keptDays() / 30.0;
        lines.add(new Line("S3 storage: Parquet views", viewGbMonths * ListPrices.S3_STANDARD_GB_MONTH));
        lines.add(new Line("Athena: the month's views scanned once", rows * in.parquetBytesPerRow() / 1e12
            * ListPrices.ATHENA_PER_TB_SCANNED));
        return new Estimate(eventsPerMonth, retention, List.copyOf(lines));
    }

    /**
     * CloudWatch Logs for the same events: each event ingested as its uncompressed transit bytes
     * (a lower bound: a text log line is several times larger), stored 90 days.
     */
    public double cloudWatchLogs(final double eventsPerMonth) {
        final double gb = eventsPerMonth * in.rawBytesPerEvent() / ListPrices.GB;
        return gb * ListPrices.CLOUDWATCH_LOGS_INGEST_GB + gb * 3 * ListPrices.CLOUDWATCH_LOGS_STORAGE_GB_MONTH;
    }

    /** The reference system's cost scaled to this volume (its cost per event, kept 90 days). */
    public static double reference(final double eventsPerMonth) {
        return REFERENCE_USD_PER_MONTH / REFERENCE_EVENTS_PER_MONTH * eventsPerMonth;
    }
}
