package io.lakeobs.local;

import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.ViewsConfig;
import io.lakeobs.functions.views.split.PartRequest;
import io.lakeobs.functions.views.split.SplitSettings;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded stack's views workers: a part request goes through the Lambda runtime's JSON into
 * the worker handler, which reads the stack's catalog (the rows themselves are tested with four
 * parallel workers in functions-views' SplitWindowsTest).
 */
class LocalViewWorkersTest {
    @Test
    void aPartRequestReachesTheWorkerThroughTheLambdaJsonAndItsFailureComesBack() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.builder().start()) {
            final ViewsConfig config = ViewsConfig.defaults(stack.functionConfig().tables(), stack.rawBucket());
            final LocalViewWorkers workers = new LocalViewWorkers(stack.viewsRuntime(config, Clock.systemUTC(),
                Deadlines.defaults(), new SplitSettings(10, 1 << 20, 4, 1)).partWorker());
            final PartRequest request = new PartRequest(List.of(View.LOG_ENTRIES, View.MEASURES), 1_763_700_000_000L,
                1_763_700_060_000L, "0123456789abcdef0123456789abcdef", 2, 3, List.of(1_763_700_000_000L),
                List.of(new UUID(1, 1), new UUID(1, 2)));
            assertThatThrownBy(() -> workers.run(request)).hasMessageContaining("view part 2 of window 1763700000000")
                .hasMessageContaining("2 of its 2 blocks are no longer in the catalog");
        }
    }
}
