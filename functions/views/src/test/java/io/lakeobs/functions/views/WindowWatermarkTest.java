package io.lakeobs.functions.views;

import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.testing.LocalAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowWatermarkTest {
    private static LocalAws aws;
    private static PartitionCatalog partitions;

    @BeforeAll
    static void start() throws Exception {
        aws = new LocalAws();
        partitions = new PartitionCatalog(aws.dynamoDb, aws.tables.partitions());
    }

    @AfterAll
    static void stop() throws Exception {
        aws.close();
    }

    @Test
    void windowsCompletingOutOfOrderMoveTheWatermarkToTheEndOfThePublishedPrefix() {
        final WindowWatermark mark = new WindowWatermark(partitions, "out-of-order", Optional.empty(), 1000, 60);
        assertThat(mark.published(1120)).isEqualTo(Long.MIN_VALUE); // the third: the first two still run
        assertThat(partitions.watermark("out-of-order")).isEmpty();
        assertThat(mark.published(1000)).isEqualTo(1060);
        assertThat(partitions.watermark("out-of-order")).contains(1060L);
        assertThat(mark.published(1060)).isEqualTo(1180); // the slow second window held back the third only until now
        assertThat(partitions.watermark("out-of-order")).contains(1180L);
    }

    @Test
    void itNeverMovesBackNorWritesWhenAlreadyAhead() {
        partitions.advanceWatermark("ahead", 5000);
        final WindowWatermark mark = new WindowWatermark(partitions, "ahead", Optional.of(5000L), 1000, 60);
        aws.requests.clear();
        mark.published(1000);
        assertThat(aws.requests).isEmpty();
        // a concurrent run moved it further since this run read it: the conditional write keeps theirs
        partitions.advanceWatermark("late", 9000);
        final WindowWatermark stale = new WindowWatermark(partitions, "late", Optional.of(1000L), 1000, 60);
        stale.published(1000);
        assertThat(partitions.watermark("late")).contains(9000L);
    }

    @Test
    void aWindowThatIsNotPendingIsRefused() {
        final WindowWatermark mark = new WindowWatermark(partitions, "bad", Optional.empty(), 1000, 60);
        mark.published(1000);
        assertThatThrownBy(() -> mark.published(1000)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("window 1000 is not a pending window");
        assertThatThrownBy(() -> mark.published(1090)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("length 60");
        assertThatThrownBy(() -> new WindowWatermark(partitions, "bad", Optional.empty(), 0, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window length must be positive");
    }
}
