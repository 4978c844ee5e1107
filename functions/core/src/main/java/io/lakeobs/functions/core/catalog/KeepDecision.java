package io.lakeobs.functions.core.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * One decision to keep a process's data past the raw deadline: an event-time window of the process
 * (or all of it), the rule that decided, and why. Decisions only ever grow: {@link #merge} extends
 * or adds, never shortens or removes, so a later sampler run, a replayed one or two at once can
 * only keep more.
 *
 * @param rule the policy rule's name ({@link #REQUESTED} for on-demand ETL and operator commands)
 * @param reason what the rule saw, for a person reading the decision
 * @param fromMillis window start, event time, inclusive (with {@link #FOREVER}: the whole process from then on)
 * @param toMillis window end, exclusive
 * @param decidedAtMillis server time of the first decision of this window
 */
public record KeepDecision(String rule, String reason, long fromMillis, long toMillis, long decidedAtMillis) {
    /** The end of a whole-process window. */
    public static final long FOREVER = Long.MAX_VALUE;
    /** The rule name of keeps that someone asked for rather than a policy rule. */
    public static final String REQUESTED = "requested";

    public KeepDecision {
        if (rule == null || rule.isBlank()) {
            throw new IllegalArgumentException("a keep decision needs a rule name");
        }
        if (fromMillis < 0 || toMillis <= fromMillis) {
            throw new IllegalArgumentException("keep window must satisfy 0 <= from < to, was [" + fromMillis + ", " + toMillis + ")");
        }
        reason = reason == null ? "" : reason;
    }

    /** Keeps all of a process's data (that has not expired: {@link #from} clamps it when it is recorded). */
    public static KeepDecision wholeProcess(final String rule, final String reason, final long decidedAtMillis) {
        return new KeepDecision(rule, reason, 0, FOREVER, decidedAtMillis);
    }

    /** True for a keep of the process from its start (or what was keepable then) on, for good. */
    public boolean wholeProcess() {
        return toMillis == FOREVER;
    }

    /** True if this window shares a moment with [fromMs, toMs). */
    public boolean overlaps(final long fromMs, final long toMs) {
        return fromMillis < toMs && fromMs < toMillis;
    }

    /** What {@link #merge} did with a new decision. */
    public enum Change {
        /** A new window was added. */
        ADDED,
        /** An existing window of the same rule grew to cover it. */
        EXTENDED,
        /** Already kept: by the same rule over a window that contains it, or the whole process. */
        COVERED,
        /** Nothing left to keep: the whole window is older than what may still be kept (it expired). */
        EXPIRED;

        /** True if the keep grew. */
        public boolean grew() {
            return this == ADDED || this == EXTENDED;
        }
    }

    /**
     * This decision limited to event times from {@code earliestMillis} on (what has not expired,
     * see {@code Deadlines.earliestKeepable}); empty when nothing of it is left.
     */
    public java.util.Optional<KeepDecision> from(final long earliestMillis) {
        if (toMillis <= earliestMillis) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(fromMillis >= earliestMillis ? this
            : new KeepDecision(rule, reason, earliestMillis, toMillis, decidedAtMillis));
    }

    /** The decisions after adding one, and what changed. */
    public record Merged(List<KeepDecision> decisions, Change change) {
    }

    /**
     * Adds {@code decision} to {@code existing}: covered if a whole-process keep (of any rule) or a
     * window of the same rule contains it; otherwise the windows of its rule that overlap or touch it are joined
     * with it into one (keeping the earliest decision time and first reason); otherwise it is added.
     * Every window of {@code existing} is contained in some window of the result.
     */
    public static Merged merge(final List<KeepDecision> existing, final KeepDecision decision) {
        for (final KeepDecision d : existing) {
            final boolean contains = d.fromMillis() <= decision.fromMillis() && decision.toMillis() <= d.toMillis();
            if (contains && (d.wholeProcess() || d.rule().equals(decision.rule()))) {
                return new Merged(List.copyOf(existing), Change.COVERED);
            }
        }
        KeepDecision joined = decision;
        boolean extended = false;
        final List<KeepDecision> result = new ArrayList<>();
        final List<KeepDecision> pending = new ArrayList<>(existing);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < pending.size(); i++) {
                final KeepDecision d = pending.get(i);
                if (d.rule().equals(joined.rule()) && d.fromMillis() <= joined.toMillis() && joined.fromMillis() <= d.toMillis()) {
                    joined = new KeepDecision(d.rule(), d.reason(), Math.min(d.fromMillis(), joined.fromMillis()),
                        Math.max(d.toMillis(), joined.toMillis()), Math.min(d.decidedAtMillis(), joined.decidedAtMillis()));
                    pending.remove(i);
                    extended = true;
                    changed = true;
                    break;
                }
            }
        }
        result.addAll(pending);
        result.add(joined);
        return new Merged(List.copyOf(result), extended ? Change.EXTENDED : Change.ADDED);
    }
}
