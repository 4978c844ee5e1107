package io.lakeobs.benchmarks.lifecycle;

import io.lakeobs.functions.core.testing.LocalAws;
import io.lakeobs.functions.lifecycle.retention.RetentionScale;

/**
 * Retention of {@code blocks} expired blocks over {@code processes} processes on the embedded
 * stack (DynamoDB Local and S3Proxy in this JVM): request counts by type, elapsed time and the cost
 * per million blocks at list prices. Elapsed time measures DynamoDB Local as much as our code.
 * Arguments: blocks (default 100000), processes (default 1000).
 */
public final class RetentionScaleBench {
    private RetentionScaleBench() {
    }

    public static void main(final String[] args) throws Exception {
        final int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        final int processes = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        try (LocalAws aws = new LocalAws()) {
            System.out.println(RetentionScale.measure(aws, blocks, processes).report());
        }
    }
}
