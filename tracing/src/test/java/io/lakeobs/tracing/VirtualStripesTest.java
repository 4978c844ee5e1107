package io.lakeobs.tracing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stripe count's default and bounds (on any JVM). */
class VirtualStripesTest {
    @Test
    void defaultIsTwiceTheProcessorsAndAtLeastFour() {
        assertThat(VirtualStripes.defaultCount(1)).isEqualTo(4);
        assertThat(VirtualStripes.defaultCount(8)).isEqualTo(16);
        assertThat(VirtualStripes.defaultCount(4096)).isEqualTo(VirtualStripes.MAX_STRIPES);
    }

    @Test
    void aStripeCountOutOfRangeIsRefusedWithItsValue() {
        assertThatThrownBy(() -> Tracing.builder().virtualThreadStripes(0))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("virtualThreadStripes must be from 1 to 1024, was 0");
        assertThatThrownBy(() -> Tracing.builder().virtualThreadStripes(1025))
            .hasMessageContaining("was 1025");
    }

    @Test
    void threadIdsSpreadOverEveryStripe() {
        final int[] counts = new int[4];
        for (long id = 1; id <= 4_000; id++) {
            counts[VirtualStripes.index(id, 4)]++;
        }
        assertThat(java.util.Arrays.stream(counts).boxed().toList()).allSatisfy(count -> assertThat(count).isBetween(900, 1100));
    }

    @Test
    void platformThreadsAreNotVirtual() {
        assertThat(VirtualThreads.isVirtual(Thread.currentThread())).isFalse();
    }
}
