package io.lakeobs.functions.views;

import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.core.config.EnvVars;
import io.lakeobs.functions.views.parquet.ParquetSettings;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the views functions, read once from the environment ({@link #fromEnv}) or built in code.
 *
 * @param tables catalog table names
 * @param bucket bucket of the raw blocks
 * @param viewsBucket bucket of the view files and manifests (may be the same bucket: prefixes differ)
 * @param policy which processes the global views include
 * @param lateness how long after a minute ends before its window is processed (index lag)
 * @param lookback how far back each run re-checks already processed windows for late-indexed blocks
 * @param initialLookback where the first run starts
 * @param maxWindowsPerRun new minute windows processed per run at most (catch-up is bounded)
 * @param rollupThresholdBytes files of an hour or a day smaller than this together are merged
 * @param garbageGrace how long a replaced file stays readable before deletion (running queries)
 * @param parquet file settings
 * @param onDemandMaxBytes the most uncompressed bytes (as block headers declare them) one on-demand
 *                         request may derive: its files are built in memory, and the tenant-isolation
 *                         review measured about 700 MB for one block declaring 64 MiB, so the default,
 *                         128 MiB, fits the function's 2 048 MB; a larger request is refused before any
 *                         block is read
 */
public record ViewsConfig(TableNames tables, String bucket, String viewsBucket, Policy policy, Duration lateness,
                          Duration lookback, Duration initialLookback, int maxWindowsPerRun, long rollupThresholdBytes,
                          Duration garbageGrace, ParquetSettings parquet, long onDemandMaxBytes) {
    public static final String POLICY = "LAKEOBS_VIEWS_POLICY";
    public static final String VIEWS_BUCKET = EnvVars.VIEWS_BUCKET;
    public static final String ROLLUP_THRESHOLD_BYTES = "LAKEOBS_VIEWS_ROLLUP_THRESHOLD_BYTES";
    public static final String LATENESS_SECONDS = "LAKEOBS_VIEWS_LATENESS_SECONDS";
    public static final String LOOKBACK_MINUTES = "LAKEOBS_VIEWS_LOOKBACK_MINUTES";
    public static final String MAX_WINDOWS_PER_RUN = "LAKEOBS_VIEWS_MAX_WINDOWS_PER_RUN";
    public static final String ON_DEMAND_MAX_BYTES = "LAKEOBS_ON_DEMAND_MAX_BYTES";
    /** Name of the views worker function (ViewPartHandler) the coordinator invokes for split windows (see ViewsRuntime). */
    public static final String WORKER_FUNCTION = "LAKEOBS_VIEWS_WORKER_FUNCTION";

    /** Which processes the scheduled global views include. */
    public enum Policy {
        /** Every process. */
        ALL,
        /** Only what a keep decision covers: whole kept processes, and blocks inside a kept window. */
        KEPT
    }

    public ViewsConfig {
        if (lookback.compareTo(Duration.ofMinutes(1)) < 0 || lateness.isNegative() || maxWindowsPerRun < 1
            || rollupThresholdBytes < 1 || garbageGrace.isNegative() || onDemandMaxBytes < 1) {
            throw new IllegalArgumentException("invalid views settings: lookback >= 1 min, lateness >= 0, "
                + "max windows >= 1, threshold >= 1 byte, grace >= 0, " + ON_DEMAND_MAX_BYTES + " >= 1");
        }
    }

    public static ViewsConfig defaults(final TableNames tables, final String bucket) {
        return new ViewsConfig(tables, bucket, bucket, Policy.ALL, Duration.ofMinutes(2), Duration.ofMinutes(10),
            Duration.ofMinutes(60), 120, 64L * 1024 * 1024, Duration.ofHours(1), ParquetSettings.DEFAULT, 128L << 20);
    }

    /** {@code env} holds the core's variables (table prefix, bucket) plus the LAKEOBS_VIEWS_* ones. */
    public static ViewsConfig fromEnv(final Map<String, String> env, final TableNames tables, final String bucket) {
        final ViewsConfig d = defaults(tables, bucket);
        return new ViewsConfig(tables, bucket, env.getOrDefault(VIEWS_BUCKET, bucket),
            Policy.valueOf(env.getOrDefault(POLICY, d.policy().name()).toUpperCase(Locale.ROOT)),
            Duration.ofSeconds(EnvVars.number(env, LATENESS_SECONDS, d.lateness().toSeconds())),
            Duration.ofMinutes(EnvVars.number(env, LOOKBACK_MINUTES, d.lookback().toMinutes())), d.initialLookback(),
            (int) EnvVars.number(env, MAX_WINDOWS_PER_RUN, d.maxWindowsPerRun()),
            EnvVars.number(env, ROLLUP_THRESHOLD_BYTES, d.rollupThresholdBytes()), d.garbageGrace(), d.parquet(),
            EnvVars.number(env, ON_DEMAND_MAX_BYTES, d.onDemandMaxBytes()));
    }

    public ViewsConfig withPolicy(final Policy newPolicy) {
        return new ViewsConfig(tables, bucket, viewsBucket, newPolicy, lateness, lookback, initialLookback, maxWindowsPerRun,
            rollupThresholdBytes, garbageGrace, parquet, onDemandMaxBytes);
    }

    public ViewsConfig withRollupThreshold(final long bytes) {
        return new ViewsConfig(tables, bucket, viewsBucket, policy, lateness, lookback, initialLookback, maxWindowsPerRun,
            bytes, garbageGrace, parquet, onDemandMaxBytes);
    }

    public ViewsConfig withWindows(final Duration newLateness, final Duration newLookback, final Duration newInitial,
                                   final int maxWindows) {
        return new ViewsConfig(tables, bucket, viewsBucket, policy, newLateness, newLookback, newInitial, maxWindows,
            rollupThresholdBytes, garbageGrace, parquet, onDemandMaxBytes);
    }
}
