package io.lakeobs.functions.lifecycle.sampling;

import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.KeepDecision;
import io.lakeobs.functions.core.cost.ListPrices;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The price of a policy before it is enabled: per rule, how many processes, windows, blocks and
 * bytes it would keep of the blocks inserted in a period, and what holding that costs per month
 * at list prices ({@link ListPrices}) once the system is in a steady state: the period's bytes
 * scaled to a day, times the days kept, in S3 Standard, plus their block items in DynamoDB.
 *
 * @param fromMillis period start (insert time)
 * @param toMillis period end
 * @param blocks blocks examined
 * @param bytes their raw bytes
 * @param rules one line per rule, in policy order
 * @param total what any rule keeps (a block kept by two rules counted once)
 * @param rawOnlyMonthlyUsd what holding every block for the raw deadline alone costs per month
 */
public record DryRun(long fromMillis, long toMillis, int blocks, long bytes, List<RuleCost> rules, RuleCost total,
                     double rawOnlyMonthlyUsd) {
    /** DynamoDB bills each item's size plus 100 bytes; a block item with its index copies is about 2 KB. */
    static final long BLOCK_ITEM_BYTES = 2048;
    private static final double DAY_MILLIS = 86_400_000.0;

    /** What one rule (or all of them) would keep. */
    public record RuleCost(String rule, int processes, int windows, int blocks, long bytes, double monthlyUsd) {
    }

    static DryRun of(final SamplingPolicy policy, final List<BlockRecord> examined, final List<Sampler.Match> matches,
                     final long from, final long to, final SamplerSettings settings) {
        final double daysInPeriod = Math.max(1, to - from) / DAY_MILLIS;
        final long keptDays = settings.deadlines().kept().toDays();
        final List<RuleCost> rules = new ArrayList<>();
        final Set<BlockRecord> keptByAny = new HashSet<>();
        final Set<UUID> processesByAny = new HashSet<>();
        int windowsByAny = 0;
        for (final SamplingPolicy.Rule rule : policy.rules()) {
            final Map<UUID, List<KeepDecision>> windows = new HashMap<>();
            for (final Sampler.Match match : matches) {
                if (match.rule() == rule) {
                    windows.put(match.processId(), KeepDecision.merge(windows.getOrDefault(match.processId(), List.of()),
                        match.keep()).decisions());
                }
            }
            final Set<BlockRecord> kept = new HashSet<>();
            for (final BlockRecord block : examined) {
                for (final KeepDecision keep : windows.getOrDefault(block.header().processId(), List.of())) {
                    if (keep.protects(Math.floorDiv(block.header().beginTimeNanos(), 1_000_000L),
                        Math.floorDiv(block.header().endTimeNanos(), 1_000_000L) + 1, block.insertTimeMillis())) {
                        kept.add(block);
                        break;
                    }
                }
            }
            final int windowCount = windows.values().stream().mapToInt(List::size).sum();
            rules.add(cost(rule.name(), windows.size(), windowCount, kept, daysInPeriod, keptDays));
            keptByAny.addAll(kept);
            processesByAny.addAll(windows.keySet());
            windowsByAny += windowCount;
        }
        final long bytes = examined.stream().mapToLong(BlockRecord::size).sum();
        final double rawOnly = monthly(bytes, examined.size(), daysInPeriod, settings.deadlines().raw().toDays());
        return new DryRun(from, to, examined.size(), bytes, List.copyOf(rules),
            cost("(any rule)", processesByAny.size(), windowsByAny, keptByAny, daysInPeriod, keptDays), rawOnly);
    }

    private static RuleCost cost(final String rule, final int processes, final int windows, final Set<BlockRecord> kept,
                                 final double daysInPeriod, final long keptDays) {
        final long bytes = kept.stream().mapToLong(BlockRecord::size).sum();
        return new RuleCost(rule, processes, windows, kept.size(), bytes, monthly(bytes, kept.size(), daysInPeriod, keptDays));
    }

    /** Steady-state monthly cost of holding {@code days} days of data arriving at this period's rate. */
    static double monthly(final long bytes, final int blocks, final double daysInPeriod, final long days) {
        final double heldBytes = bytes / daysInPeriod * days;
        final double heldItemBytes = (double) blocks * BLOCK_ITEM_BYTES / daysInPeriod * days;
        return heldBytes / ListPrices.GB * ListPrices.S3_STANDARD_GB_MONTH
            + heldItemBytes / ListPrices.GB * ListPrices.DYNAMODB_STORAGE_GB_MONTH;
    }

    /** A table for people: one line per rule, then the total and the raw-only baseline. */
    public String table() {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "dry run over %d blocks, %s, inserted in %.1f h; prices %s as of %s%n",
            blocks, bytes(bytes), (toMillis - fromMillis) / 3_600_000.0, ListPrices.SOURCE, ListPrices.AS_OF));
        out.append(String.format(Locale.ROOT, "%-20s %9s %8s %8s %12s %14s%n", "rule", "processes", "windows", "blocks",
            "bytes", "USD/month"));
        for (final RuleCost rule : rules) {
            out.append(line(rule));
        }
        out.append(line(total));
        out.append(String.format(Locale.ROOT, "%-20s %9s %8s %8s %12s %14.4f%n", "(raw deadline only)", "", "", blocks,
            bytes(bytes), rawOnlyMonthlyUsd));
        return out.toString();
    }

    private static String line(final RuleCost rule) {
        return String.format(Locale.ROOT, "%-20s %9d %8d %8d %12s %14.4f%n", rule.rule(), rule.processes(), rule.windows(),
            rule.blocks(), bytes(rule.bytes()), rule.monthlyUsd());
    }

    private static String bytes(final long bytes) {
        return bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
            : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
