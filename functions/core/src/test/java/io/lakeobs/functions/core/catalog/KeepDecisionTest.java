package io.lakeobs.functions.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeepDecisionTest {

    private static KeepDecision window(final String rule, final long from, final long to) {
        return new KeepDecision(rule, "r", from, to, from);
    }

    @Test
    void mergeAddsExtendsOrFindsCovered() {
        final KeepDecision first = window("errors", 100, 200);
        assertThat(KeepDecision.merge(List.of(), first).change()).isEqualTo(KeepDecision.Change.ADDED);
        assertThat(KeepDecision.merge(List.of(first), window("errors", 120, 180)).change()).isEqualTo(KeepDecision.Change.COVERED);
        final KeepDecision.Merged extended = KeepDecision.merge(List.of(first), window("errors", 150, 300));
        assertThat(extended.change()).isEqualTo(KeepDecision.Change.EXTENDED);
        assertThat(extended.decisions()).containsExactly(new KeepDecision("errors", "r", 100, 300, 100));
        // another rule's window is its own decision; a whole-process keep covers every window
        assertThat(KeepDecision.merge(List.of(first), window("tags", 120, 180)).decisions()).hasSize(2);
        final KeepDecision whole = KeepDecision.wholeProcess("rate", "r", 5);
        assertThat(KeepDecision.merge(List.of(whole), window("errors", 0, 10)).change()).isEqualTo(KeepDecision.Change.COVERED);
        // one new window joining two of its rule's windows makes one
        final KeepDecision.Merged bridged = KeepDecision.merge(List.of(first, window("errors", 400, 500)), window("errors", 190, 410));
        assertThat(bridged.decisions()).containsExactly(new KeepDecision("errors", "r", 100, 500, 100));
    }

    @Test
    void aBadWindowIsRefused() {
        assertThatThrownBy(() -> window("errors", 10, 10)).hasMessageContaining("0 <= from < to");
        assertThatThrownBy(() -> window("errors", -1, 10)).hasMessageContaining("0 <= from < to");
        assertThatThrownBy(() -> new KeepDecision(" ", "r", 0, 1, 0)).hasMessageContaining("rule name");
    }

    @Test
    void mergingNeverShortensOrDropsAKeep() {
        final Random random = new Random(12_07_2026L);
        for (int round = 0; round < 2_000; round++) {
            List<KeepDecision> decisions = new ArrayList<>();
            for (int step = 0; step < 12; step++) {
                final long from = random.nextInt(1_000);
                final KeepDecision next = random.nextInt(20) == 0
                    ? KeepDecision.wholeProcess("rule" + random.nextInt(3), "r", step)
                    : window("rule" + random.nextInt(3), from, from + 1 + random.nextInt(200));
                final List<KeepDecision> after = KeepDecision.merge(decisions, next).decisions();
                for (final KeepDecision before : decisions) {
                    assertThat(after).as("round " + round + ": " + before + " still covered")
                        .anyMatch(d -> d.fromMillis() <= before.fromMillis() && before.toMillis() <= d.toMillis());
                }
                assertThat(after).as("the new decision is covered")
                    .anyMatch(d -> (d.wholeProcess() || d.rule().equals(next.rule()))
                        && d.fromMillis() <= next.fromMillis() && next.toMillis() <= d.toMillis());
                decisions = after;
            }
        }
    }
}
