package io.lakeobs.functions.core.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * One decision to keep a process's data past the raw deadline: an event-time window of the process
 * (or all of it), the rule that decided, and why. It protects the blocks recorded in its window
 * that were inserted on or after {@code insertedFromMillis}: the first insert day still visible
 * when it was decided ({@code Deadlines.keepFloor}). A keep therefore never covers data that had
 * already expired when it was made, so nothing retention may be deleting can become visible again.
 *
 * <p>Decisions only ever grow: {@link #merge} extends or adds, never shortens or removes, so a later
 * sampler run, a replayed one or two at once can only keep more.
 *
 * @param rule the policy rule's name ({@link #REQUESTED} for on-demand ETL and operator commands)
 * @param reason what the rule saw, for a person reading the decision
 * @param fromMillis window start, event time, inclusive ({@code 0} with {@link #FOREVER}: the whole process)
 * @param toMillis window end, exclusive
 * @param insertedFromMillis blocks inserted before this (ms) are not protected: they had expired
 * @param decidedAtMillis server time of the first decision of this window
 */
public record KeepDecision(String rule, String reason, long fromMillis, long toMillis, long insertedFromMillis,
                           long decidedAtMillis) {
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

    /** Keeps all of a process's data (inserted from {@code insertedFromMillis} on). */
    public static KeepDecision wholeProcess(final String rule, final String reason, final long insertedFromMillis,
                                            final long decidedAtMillis) {
        return new KeepDecision(rule, reason, 0, FOREVER, insertedFromMillis, decidedAtMillis);
    }

    public boolean wholeProcess() {
        return fromMillis == 0 && toMillis == FOREVER;
    }

    /** True if this decision protects a block recorded in [fromMs, toMs) of event time and inserted at {@code insertMs}. */
    public boolean protects(final long fromMs, final long toMs, final long insertMs) {
        return fromMillis < toMs && fromMs < toMillis && insertMs >= insertedFromMillis;
    }

    /** True if this decision protects everything {@code other} would. */
    private boolean contains(final KeepDecision other) {
        return fromMillis <= other.fromMillis && other.toMillis <= toMillis && insertedFromMillis <= other.insertedFromMillis;
    }

    /** What {@link #merge} did with a new decision. */
    public enum Change {
        /** A new window was added. */
        ADDED,
        /** An existing window of the same rule and floor grew to cover it. */
        EXTENDED,
        /** Already kept: by a decision of the same rule (or a whole-process one) that protects all it would. */
        COVERED;

        /** True if the keep grew. */
        public boolean grew() {
            return this != COVERED;
        }
    }

    /** The decisions after adding one, and what changed. */
    public record Merged(List<KeepDecision> decisions, Change change) {
    }

    /**
     * Adds {@code decision} to {@code existing}: covered if a whole-process decision (of any rule) or
     * one of the same rule protects everything it would; otherwise the windows of its rule with the
     * same floor that overlap or touch it are joined with it into one (keeping the earliest decision
     * time and the first reason); otherwise it is added. Windows of different floors are never
     * joined: a join would move protection across insert days it did not have. Every decision of
     * {@code existing} is contained in one of the result.
     */
    public static Merged merge(final List<KeepDecision> existing, final KeepDecision decision) {
        for (final KeepDecision d : existing) {
            if ((d.wholeProcess() || d.rule().equals(decision.rule())) && d.contains(decision)) {
                return new Merged(List.copyOf(existing), Change.COVERED);
            }
        }
        KeepDecision joined = decision;
        boolean extended = false;
        final List<KeepDecision> pending = new ArrayList<>(existing);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < pending.size(); i++) {
                final KeepDecision d = pending.get(i);
                if (d.rule().equals(joined.rule()) && d.insertedFromMillis() == joined.insertedFromMillis()
                    && d.fromMillis() <= joined.toMillis() && joined.fromMillis() <= d.toMillis()) {
                    joined = new KeepDecision(d.rule(), d.reason(), Math.min(d.fromMillis(), joined.fromMillis()),
                        Math.max(d.toMillis(), joined.toMillis()), d.insertedFromMillis(),
                        Math.min(d.decidedAtMillis(), joined.decidedAtMillis()));
                    pending.remove(i);
                    extended = true;
                    changed = true;
                    break;
                }
            }
        }
        pending.add(joined);
        return new Merged(List.copyOf(pending), extended ? Change.EXTENDED : Change.ADDED);
    }
}
