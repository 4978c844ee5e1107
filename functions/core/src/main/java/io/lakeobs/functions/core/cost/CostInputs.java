package io.lakeobs.functions.core.cost;

/**
 * What the cost of lakeobs is computed from: measured figures (docs/BENCHMARKS.md and the recorded
 * calls of the end-to-end IAM test), plus the few that could not be measured here (Lambda
 * durations of calls that wait on AWS), marked as assumptions in {@link #MEASURED} and in
 * docs/cost.md.
 *
 * @param storedBytesPerEvent transit bytes stored per event (LZ4)
 * @param rawBytesPerEvent the same events uncompressed (for the CloudWatch Logs comparison, a lower bound)
 * @param bytesPerBlock block object size at steady load
 * @param parquetBytesPerRow view bytes per row (log_entries and measures, ZSTD)
 * @param etlNanosPerRow view ETL CPU per row, one thread (log_entries and measures, schema v2)
 * @param presignCallsPerBlock ingest API calls per uploaded block (one presign per block, at worst)
 * @param ingestReadsPerCall DynamoDB GetItems per presign call (key, process, stream)
 * @param indexerReadsPerBlock DynamoDB GetItems per indexed block
 * @param indexerItemWritesPerBlock DynamoDB item writes per indexed block (claim, block item, key charge, stream and process touch)
 * @param blockIndexes global secondary indexes a block item is written to (by_insert, by_process, by_insert_day)
 * @param retentionWritesPerBlock DynamoDB deletes per expired block (item and claim), besides the block item's index entries
 * @param ingestMillisPerCall assumed billed duration of one presign call
 * @param indexerMillisPerBlock assumed billed duration of indexing one block
 * @param scheduledMillisIdle assumed billed duration of a scheduled views run with nothing new
 */
public record CostInputs(double storedBytesPerEvent, double rawBytesPerEvent, double bytesPerBlock, double parquetBytesPerRow,
                         double etlNanosPerRow, double presignCallsPerBlock, int ingestReadsPerCall, int indexerReadsPerBlock,
                         int indexerItemWritesPerBlock, int blockIndexes, int retentionWritesPerBlock, double ingestMillisPerCall,
                         double indexerMillisPerBlock, double scheduledMillisIdle) {

    /**
     * The figures as measured: bytes per event and per block from the 60 s uploader throughput run
     * (BENCHMARKS.md "stored bytes per event 9.03, 1 301 417 bytes per block", raw 20.17); Parquet
     * bytes and ETL CPU per row as the mean of log_entries and measures (8.77 and 6.22 B/row; 2300
     * and 2090 ns/row, schema v2); calls per block from RecordedCallsIamTest, which checks them
     * against what the functions did. The three durations are assumptions.
     */
    public static final CostInputs MEASURED = new CostInputs(9.03, 20.17, 1_301_417, (8.77 + 6.22) / 2, (2300 + 2090) / 2.0,
        1.0, 3, 3, 5, 3, 2, 20, 30, 500);
}
