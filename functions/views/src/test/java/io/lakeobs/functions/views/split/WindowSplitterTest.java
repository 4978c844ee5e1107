package io.lakeobs.functions.views.split;

import io.lakeobs.functions.views.TestBlocks;
import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.etl.BlockMeta;
import io.lakeobs.functions.views.etl.SourceBlock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowSplitterTest {
    private final UUID process = new UUID(1, 1);

    private SourceBlock block(final UUID stream, final long offset, final int logs, final long bytes) {
        return new SourceBlock(new BlockMeta(new UUID(9, offset + stream.getLeastSignificantBits() * 1000), stream, process, 0, 0, 1, 0, 1,
            offset, logs, bytes, "blocks/" + offset, logs, 0, 0), TestBlocks.stream(stream, process, "main"),
            TestBlocks.process(process, "app.jar", TestBlocks.FREQUENCY));
    }

    @Test
    void partsAreContiguousRangesOfTheOrderedBlocksWithinTheRowAndByteBudgets() {
        final List<SourceBlock> blocks = new ArrayList<>();
        for (int i = 5; i >= 0; i--) { // listed out of order: split in the ETL's order
            blocks.add(block(new UUID(2, 1), i * 10L, 10, 100));
        }
        final List<List<SourceBlock>> byRows = new WindowSplitter(new SplitSettings(25, Long.MAX_VALUE, 4, 1)).split(blocks);
        assertThat(byRows).extracting(List::size).containsExactly(2, 2, 2);
        assertThat(byRows.get(0)).extracting(s -> s.block().objectOffset()).containsExactly(0L, 10L);
        final List<List<SourceBlock>> byBytes = new WindowSplitter(new SplitSettings(Long.MAX_VALUE, 300, 4, 1)).split(blocks);
        assertThat(byBytes).extracting(List::size).containsExactly(3, 3);
        assertThat(new WindowSplitter(new SplitSettings(1000, 1000, 4, 1)).split(blocks)).hasSize(1);
    }

    @Test
    void aBlockOverTheBudgetIsAPartOfItsOwnAndAnEmptyWindowIsOneEmptyPart() {
        final List<SourceBlock> blocks = List.of(block(new UUID(2, 1), 0, 5, 1), block(new UUID(2, 1), 5, 500, 1),
            block(new UUID(2, 1), 505, 5, 1));
        assertThat(new WindowSplitter(new SplitSettings(20, Long.MAX_VALUE, 4, 1)).split(blocks)).extracting(List::size)
            .containsExactly(1, 1, 1);
        assertThat(new WindowSplitter(SplitSettings.UNSPLIT).split(List.of())).containsExactly(List.of());
    }

    @Test
    void badSettingsAndRequestsAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> new SplitSettings(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(SplitSettings.MAX_ROWS + " (0)");
        assertThatThrownBy(() -> SplitSettings.fromEnv(Map.of(SplitSettings.PARALLELISM, "many")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(SplitSettings.PARALLELISM);
        assertThatThrownBy(() -> PartRequest.fromMap(Map.of("views", List.of("log_entries"), "begin", "x")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'minutes' must be a list");
        assertThatThrownBy(() -> new PartRequest(List.of(View.LOG_ENTRIES), 0, 60_000, "0123456789abcdef", 5, 4, List.of(0L),
            List.of(new UUID(1, 1)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("part 5 of 4");
    }

    @Test
    void requestsAndResultsSurviveTheJsonOfAnInvocation() {
        final PartRequest request = new PartRequest(List.of(View.LOG_ENTRIES, View.MEASURES), 60_000, 120_000,
            "0123456789abcdef0123", 2, 3, List.of(60_000L), List.of(new UUID(1, 2), new UUID(3, 4)));
        final String json = LambdaViewWorkers.json(request.toMap());
        assertThat(json).contains("\"block_ids\":[\"00000000-0000-0001-0000-000000000002\"");
        final Map<String, Object> parsed = LambdaViewWorkers.parse(json);
        assertThat(PartRequest.fromMap(parsed)).isEqualTo(request);
        final PartResult result = new PartResult(2, Map.of(View.LOG_ENTRIES, new long[] {10, 2000}), 3,
            List.of(new io.lakeobs.functions.views.etl.SkippedBlock(new UUID(5, 5), new UUID(6, 6), "corrupt \"block\"", false)));
        final PartResult back = PartResult.fromMap(LambdaViewWorkers.parse(LambdaViewWorkers.json(result.toMap())));
        assertThat(back.rows(View.LOG_ENTRIES)).isEqualTo(10);
        assertThat(back.bytes(View.LOG_ENTRIES)).isEqualTo(2000);
        assertThat(back.skipped()).isEqualTo(result.skipped());
        assertThat(back.blocksRead()).isEqualTo(3);
    }
}
