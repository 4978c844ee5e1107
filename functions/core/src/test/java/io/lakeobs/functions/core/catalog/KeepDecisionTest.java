package io.lakeobs.functions.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeepDecisionTest {

    private static KeepDecision window(final String rule, final long from, final long to) {
        return window(rule, from, to, 0);
    }

    private static KeepDecision window(final String rule, final long from, final long to, final long insertedFrom) {
        return new KeepDecision(rule, "r", from, to, insertedFrom, from);
    }

    @Test
    void mergeAddsExtendsOrFindsCovered() {
        final KeepDecision first = window("errors", 100, 200);
        assertThat(KeepDecision.merge(List.of(), first).change()).isEqualTo(KeepDecision.Change.ADDED);
        assertThat(KeepDecision.merge(List.of(first), window("errors", 120, 180)).change()).isEqualTo(KeepDecision.Change.COVERED);
        final KeepDecision.Merged extended = KeepDecision.merge(List.of(first), window("errors", 150, 300));
        assertThat(extended.change()).isEqualTo(KeepDecision.Change.EXTENDED);
        assertThat(extended.decisions()).containsExactly(new KeepDecision("errors", "r", 100, 300, 0, 100));
        // another rule's window is its own decision; a whole-process keep covers every window
        assertThat(KeepDecision.merge(List.of(first), window("tags", 120, 180)).decisions()).hasSize(2);
        final KeepDecision whole = KeepDecision.wholeProcess("rate", "r", 0, 5);
        assertThat(KeepDecision.merge(List.of(whole), window("errors", 0, 10)).change()).isEqualTo(KeepDecision.Change.COVERED);
        // one new window joining two of its rule's windows makes one
        final KeepDecision.Merged bridged = KeepDecision.merge(List.of(first, window("errors", 400, 500)), window("errors", 190, 410));
        assertThat(bridged.decisions()).containsExactly(new KeepDecision("errors", "r", 100, 500, 0, 100));
    }

    @Test
    void aKeepProtectsOnlyWhatWasInsertedFromItsFloorAndFloorsAreNeverJoined() {
        final KeepDecision early = window("errors", 100, 200, 1_000);
        assertThat(early.protects(150, 160, 1_000)).isTrue();
        assertThat(early.protects(150, 160, 999)).as("inserted before the floor: it had expired").isFalse();
        assertThat(early.protects(200, 300, 5_000)).isFalse();
        // a later decision (higher floor) overlapping is added beside, not joined: the early one keeps its floor
        final KeepDecision later = window("errors", 150, 400, 2_000);
        final KeepDecision.Merged merged = KeepDecision.merge(List.of(early), later);
        assertThat(merged.change()).isEqualTo(KeepDecision.Change.ADDED);
        assertThat(merged.decisions()).containsExactlyInAnyOrder(early, later);
        // an old floor covers a later decision of the same window; a later floor does not cover an earlier one
        assertThat(KeepDecision.merge(List.of(early), window("errors", 120, 180, 3_000)).change())
            .isEqualTo(KeepDecision.Change.COVERED);
        assertThat(KeepDecision.merge(List.of(later), window("errors", 160, 170, 1_000)).change())
            .isEqualTo(KeepDecision.Change.ADDED);
    }

    @Test
    void aBadWindowIsRefused() {
        assertThatThrownBy(() -> window("errors", 10, 10)).hasMessageContaining("0 <= from < to");
        assertThatThrownBy(() -> window("errors", -1, 10)).hasMessageContaining("0 <= from < to");
        assertThatThrownBy(() -> new KeepDecision(" ", "r", 0, 1, 0, 0)).hasMessageContaining("rule name");
    }

    @Test
    void mergingNeverShortensOrDropsAKeep() {
        final Random random = new Random(12_07_2026L);
        for (int round = 0; round < 2_000; round++) {
            List<KeepDecision> decisions = new ArrayList<>();
            for (int step = 0; step < 12; step++) {
                final long from = random.nextInt(1_000);
                final long floor = random.nextInt(3) * 1_000L;
                final KeepDecision next = random.nextInt(20) == 0
                    ? KeepDecision.wholeProcess("rule" + random.nextInt(3), "r", floor, step)
                    : window("rule" + random.nextInt(3), from, from + 1 + random.nextInt(200), floor);
                final List<KeepDecision> after = KeepDecision.merge(decisions, next).decisions();
                for (final KeepDecision before : decisions) {
                    assertThat(after).as("round " + round + ": " + before + " still covered")
                        .anyMatch(d -> d.fromMillis() <= before.fromMillis() && before.toMillis() <= d.toMillis()
                            && d.insertedFromMillis() <= before.insertedFromMillis());
                }
                assertThat(after).as("the new decision is covered")
                    .anyMatch(d -> (d.wholeProcess() || d.rule().equals(next.rule()))
                        && d.fromMillis() <= next.fromMillis() && next.toMillis() <= d.toMillis()
                        && d.insertedFromMillis() <= next.insertedFromMillis());
                decisions = after;
            }
        }
    }
}
