package io.lakeobs.functions.lifecycle.sampling;

import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.KeepDecision;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.catalog.StreamRecord;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockSummary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Tail sampling: decides, after the fact and from the catalog alone, which processes and windows
 * of event time are kept past the raw deadline. Each run reads the blocks indexed since the last
 * one (the {@code by_insert} index, 16 shard Queries per minute, never a Scan), their processes
 * (GetItem on processes) and, for rules on stream tags, their streams (GetItem on streams); it
 * never reads a block's payload. Matches become {@link KeepDecision}s on the process item, which
 * only ever grow; a run re-examines a lookback of minutes (late-indexed blocks), which is harmless
 * because a decision already covered changes nothing.
 */
public final class Sampler {
    static final String JOB = "sampler";
    private static final long MINUTE = 60_000L;
    private final BlockCatalog blocks;
    private final ProcessCatalog processes;
    private final StreamCatalog streams;
    private final PartitionCatalog bookkeeping;
    private final Materializer materializer;
    private final SamplerSettings settings;
    private final Clock clock;

    public Sampler(final BlockCatalog blocks, final ProcessCatalog processes, final StreamCatalog streams,
                   final PartitionCatalog bookkeeping, final Materializer materializer, final SamplerSettings settings,
                   final Clock clock) {
        this.blocks = blocks;
        this.processes = processes;
        this.streams = streams;
        this.bookkeeping = bookkeeping;
        this.materializer = materializer;
        this.settings = settings;
        this.clock = clock;
    }

    /** One keep that a rule decided for a process, from one matching block. */
    public record Match(UUID processId, String exe, SamplingPolicy.Rule rule, KeepDecision keep, BlockRecord block) {
    }

    /** A decision as a run recorded it. */
    public record Applied(UUID processId, String exe, KeepDecision keep, KeepDecision.Change change, boolean materialized) {
    }

    /** What a run examined and decided, over blocks inserted in [fromMillis, toMillis). */
    public record Report(long fromMillis, long toMillis, int blocksExamined, int processesExamined, List<Applied> decisions) {
    }

    /** Decides over the blocks indexed since the last run and records the decisions. */
    public Report run(final SamplingPolicy policy) {
        checkMaterializable(policy);
        final long now = clock.millis();
        final long closedEnd = floor(now - settings.lateness().toMillis());
        final Optional<Long> watermark = bookkeeping.watermark(JOB);
        final long from = floor(watermark.map(w -> w - settings.lookback().toMillis())
            .orElse(closedEnd - settings.initialLookback().toMillis()));
        final long to = Math.min(closedEnd, Math.max(from, watermark.orElse(from)) + settings.maxMinutesPerRun() * MINUTE);
        final Evaluation evaluation = evaluate(policy, from, to, now);
        // one write per process, rule and joined window, however many blocks matched; per process in
        // policy order, so what a run records does not depend on which block came first
        final Map<String, List<KeepDecision>> merged = new TreeMap<>();
        final Map<String, Match> firstMatch = new HashMap<>();
        for (final Match match : evaluation.matches) {
            final String key = match.processId() + "#" + String.format(Locale.ROOT, "%05d",
                policy.rules().indexOf(match.rule()));
            merged.put(key, KeepDecision.merge(merged.getOrDefault(key, List.of()), match.keep()).decisions());
            firstMatch.putIfAbsent(key, match);
        }
        final List<Applied> applied = new ArrayList<>();
        for (final Map.Entry<String, List<KeepDecision>> entry : merged.entrySet()) {
            final Match match = firstMatch.get(entry.getKey());
            for (final KeepDecision keep : entry.getValue()) {
                final Optional<KeepDecision.Change> change = processes.markKept(match.processId(), keep);
                if (change.isEmpty()) {
                    continue; // deleted since it was read
                }
                final boolean materialize = match.rule().materialize() && change.get().grew();
                if (materialize) {
                    materializer.materialize(match.processId(), keep.fromMillis(), keep.wholeProcess() ? now : keep.toMillis());
                }
                applied.add(new Applied(match.processId(), match.exe(), keep, change.get(), materialize));
            }
        }
        if (to > from) {
            bookkeeping.advanceWatermark(JOB, to);
        }
        return new Report(from, to, evaluation.blocksExamined, evaluation.processesExamined, List.copyOf(applied));
    }

    /**
     * A keep someone asked for (an operator, not a rule): the whole process, or an event-time window
     * of it, recorded with the rule {@link KeepDecision#REQUESTED} like any decision (never shortened).
     *
     * @param window {@code [fromMillis, toMillis)}, or null for the whole process
     * @throws IllegalArgumentException if the process is unknown
     */
    public KeepDecision.Change keepRequested(final UUID processId, final long[] window, final String reason) {
        final long now = clock.millis();
        final long floor = settings.deadlines().keepFloor(now);
        final KeepDecision keep = window == null ? KeepDecision.wholeProcess(KeepDecision.REQUESTED, reason, floor, now)
            : new KeepDecision(KeepDecision.REQUESTED, reason, window[0], window[1], floor, now);
        return processes.markKept(processId, keep).orElseThrow(() -> new IllegalArgumentException("unknown process " + processId));
    }

    /** What the policy would keep of the blocks inserted in [from, to); nothing is written. */
    public DryRun dryRun(final SamplingPolicy policy, final Instant from, final Instant to) {
        final Evaluation evaluation = evaluate(policy, from.toEpochMilli(), to.toEpochMilli(), clock.millis());
        return DryRun.of(policy, evaluation.examined, evaluation.matches, from.toEpochMilli(), to.toEpochMilli(), settings);
    }

    private void checkMaterializable(final SamplingPolicy policy) {
        if (materializer == Materializer.NONE) {
            for (final SamplingPolicy.Rule rule : policy.rules()) {
                if (rule.materialize()) {
                    throw new PolicyException("rules[" + policy.rules().indexOf(rule) + "].materialize",
                        "no on-demand ETL function is configured (LAKEOBS_ON_DEMAND_FUNCTION)");
                }
            }
        }
    }

    private static final class Evaluation {
        final List<BlockRecord> examined = new ArrayList<>();
        final List<Match> matches = new ArrayList<>();
        int blocksExamined;
        int processesExamined;
    }

    private Evaluation evaluate(final SamplingPolicy policy, final long from, final long to, final long now) {
        final Evaluation evaluation = new Evaluation();
        final Map<UUID, Optional<ProcessRecord>> processCache = new HashMap<>();
        final Map<UUID, Optional<StreamRecord>> streamCache = new HashMap<>();
        for (long minute = floor(from); minute < to; minute += MINUTE) {
            for (final BlockRecord block : blocks.blocksInsertedInMinute(Instant.ofEpochMilli(minute))) {
                if (block.insertTimeMillis() < from || block.insertTimeMillis() >= to) {
                    continue;
                }
                evaluation.blocksExamined++;
                evaluation.examined.add(block);
                final BlockHeader h = block.header();
                final Optional<ProcessRecord> process = processCache.computeIfAbsent(h.processId(), processes::get);
                if (process.isEmpty()) {
                    continue; // not registered yet: the lookback sees it again
                }
                for (final SamplingPolicy.Rule rule : policy.rules()) {
                    final String reason = matches(rule.when(), process.get(), block,
                        () -> streamCache.computeIfAbsent(h.streamId(), id -> streams.get(h.processId(), id)));
                    if (reason != null) {
                        evaluation.matches.add(new Match(h.processId(), process.get().info().exe(), rule,
                            keep(rule, reason, h, now), block));
                    }
                }
            }
        }
        evaluation.processesExamined = processCache.size();
        return evaluation;
    }

    /** Why the rule's conditions hold for this block, or null when one does not. */
    static String matches(final SamplingPolicy.Condition when, final ProcessRecord process, final BlockRecord block,
                          final Supplier<Optional<StreamRecord>> stream) {
        final List<String> why = new ArrayList<>();
        final BlockSummary summary = block.header().summary();
        if (when.levelAtLeast() > 0) {
            if (summary.maxLevel() < when.levelAtLeast()) {
                return null;
            }
            why.add("level " + summary.maxLevel() + " >= " + when.levelAtLeast());
        }
        if (when.errorsAtLeast() > 0) {
            if (summary.errorCount() < when.errorsAtLeast()) {
                return null;
            }
            why.add(summary.errorCount() + " errors");
        }
        if (when.exe() != null) {
            if (!when.exe().matcher(process.info().exe()).matches()) {
                return null;
            }
            why.add("exe " + process.info().exe());
        }
        for (final Map.Entry<String, Pattern> property : when.properties().entrySet()) {
            final String value = process.info().properties().get(property.getKey());
            if (value == null || !property.getValue().matcher(value).matches()) {
                return null;
            }
            why.add(property.getKey() + "=" + value);
        }
        if (!when.streamTags().isEmpty()) {
            final Optional<StreamRecord> record = stream.get();
            if (record.isEmpty() || !record.get().tags().containsAll(when.streamTags())) {
                return null;
            }
            why.add("stream tags " + when.streamTags());
        }
        if (when.sampleRate() != null) {
            final double fraction = fraction(process.info().processId());
            if (fraction >= when.sampleRate()) {
                return null;
            }
            why.add(String.format(Locale.ROOT, "id hashes to %.6f < rate %s", fraction, when.sampleRate()));
        }
        if (when.onBlocks()) {
            why.add("in block " + block.header().blockId() + " at " + Instant.ofEpochSecond(0, block.header().beginTimeNanos()));
        }
        return String.join(", ", why);
    }

    /**
     * The process id's place in [0, 1): the first 8 bytes of SHA-256 of its text, as an unsigned
     * fraction. The same for every run, every sampler and every JVM, and uniform whatever the ids.
     */
    static double fraction(final UUID processId) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(processId.toString().getBytes(StandardCharsets.US_ASCII));
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (digest[i] & 0xFF);
            }
            return (bits >>> 11) * 0x1.0p-53;
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private KeepDecision keep(final SamplingPolicy.Rule rule, final String reason, final BlockHeader h, final long now) {
        final long floor = settings.deadlines().keepFloor(now);
        if (rule.keep().wholeProcess()) {
            return KeepDecision.wholeProcess(rule.name(), reason, floor, now);
        }
        final long begin = Math.floorDiv(h.beginTimeNanos(), 1_000_000L);
        final long end = Math.floorDiv(h.endTimeNanos(), 1_000_000L) + 1;
        return new KeepDecision(rule.name(), reason, Math.max(0, begin - rule.keep().before().toMillis()),
            end + rule.keep().after().toMillis(), floor, now);
    }

    private static long floor(final long millis) {
        return Math.floorDiv(millis, MINUTE) * MINUTE;
    }
}
