package io.lakeobs.functions.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeobs.functions.core.testing.LocalAws;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockSummary;
import io.lakeobs.transit.block.Compression;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The TTL backstop: written by the indexer's catalog on block items and object claims, by no reader's. */
class BlockCatalogTtlTest {
    @Test
    void theWriterSetsTheBackstopOnItemsAndClaimsAndReadersSetNothing() throws Exception {
        try (LocalAws aws = new LocalAws()) {
            final long insert = 1_764_000_000_000L;
            final UUID process = UUID.randomUUID();
            final UUID stream = UUID.randomUUID();
            final BlockRecord block = new BlockRecord(new BlockHeader(Compression.LZ4, 1, process, stream, UUID.randomUUID(), 1, 2, 1, 2,
                0, 1, 1, 1, 1, BlockSummary.EMPTY, 0), "blocks/" + process + "/" + stream + "/x", 10, insert, BlockRecord.STATE_LIVE, false);
            final BlockCatalog writer = new BlockCatalog(aws.dynamoDb, aws.tables, Duration.ofDays(120));
            writer.claimObject(block.objectKey(), block.blockSort(), insert);
            writer.putIfAbsent(block);
            final long expected = (insert + Duration.ofDays(120).toMillis()) / 1000;
            aws.unrecordedDynamoDb.scanPaginator(b -> b.tableName(aws.tables.blocks())).items().forEach(item ->
                assertThat(item.get(CatalogTables.TTL_ATTRIBUTE)).isEqualTo(AttributeValue.fromN(Long.toString(expected))));
            assertThat(aws.unrecordedDynamoDb.scan(b -> b.tableName(aws.tables.blocks())).count()).isEqualTo(2);

            new BlockCatalog(aws.dynamoDb, aws.tables).putIfAbsent(new BlockRecord(new BlockHeader(Compression.LZ4, 1, process,
                stream, UUID.randomUUID(), 3, 4, 3, 4, 0, 1, 1, 1, 1, BlockSummary.EMPTY, 0), block.objectKey() + "y", 10, insert,
                BlockRecord.STATE_LIVE, false));
            assertThat(aws.unrecordedDynamoDb.scan(b -> b.tableName(aws.tables.blocks())).items())
                .filteredOn(item -> !item.containsKey(CatalogTables.TTL_ATTRIBUTE)).hasSize(1);
        }
    }
}
