package io.lakeobs.transit.block;

/**
 * What tail sampling needs to know about a block without reading its payload.
 *
 * @param logCount log events
 * @param metricCount metric events
 * @param spanCount span begin and end events
 * @param otherCount any other events
 * @param errorCount logs at level error or fatal
 * @param maxLevel the most severe log level seen (see {@code Level}), 0 when there are no logs
 */
public record BlockSummary(int logCount, int metricCount, int spanCount, int otherCount, int errorCount, int maxLevel) {
    public static final BlockSummary EMPTY = new BlockSummary(0, 0, 0, 0, 0, 0);

    public int eventCount() {
        return logCount + metricCount + spanCount + otherCount;
    }
}
