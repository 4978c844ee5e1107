package io.lakeobs.functions.lifecycle.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeobs.functions.core.testing.LocalAws;
import org.junit.jupiter.api.Test;

/**
 * The scale measurement, small enough for make test (1 500 blocks over 15 processes): the request
 * counts are what batching promises, about one DeleteObjects per 1 000 blocks and one BatchWriteItem
 * per 12.5 (25 deletes: each block's item and its object claim), and nothing is left. The 100 000-block run is the benchmark (docs/BENCHMARKS.md).
 */
class RetentionScaleTest {
    @Test
    void requestsFollowTheBatchSizes() throws Exception {
        try (LocalAws aws = new LocalAws()) {
            final RetentionScale.Result result = RetentionScale.measure(aws, 1_500, 15);
            System.out.println("retention scale: " + result.report());
            assertThat(result.remainingItems()).isZero();
            assertThat(result.remainingObjects()).isZero();
            assertThat(result.requests().get("S3 DeleteObjects")).isEqualTo(2L); // 1 000, then the last 500
            // two deletes per block (its item and its object claim), 25 per call
            assertThat(result.requests().get("DDB batchWriteItem")).isEqualTo(120L);
            // a Query per insert day and shard over the safety net's 120 days and both passes, plus pages
            assertThat(result.requests().get("DDB query")).isLessThan(2 * 120 * 16 + 100);
            assertThat(result.requests().get("DDB getItem")).isLessThanOrEqualTo(15 + 4);
            assertThat(result.requests()).doesNotContainKey("DDB scan");
            assertThat(result.usdPerMillionBlocks()).isPositive();
        }
    }
}
