package io.lakeobs.functions.ingest;

import io.lakeobs.functions.core.testing.MutableClock;
import io.lakeobs.functions.ingest.api.BlockPresigner;
import io.lakeobs.protocol.BlockUpload;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch fast path signs exactly what the SDK presigner's full pipeline signs. No network. */
class BlockPresignerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T20:00:00Z"));

    @Test
    void fastPathEqualsTheSdkPresignerPathStyle() {
        assertSame(S3Presigner.builder().region(Region.US_EAST_1).credentialsProvider(LocalAws.CREDENTIALS)
            .endpointOverride(URI.create("http://127.0.0.1:9000"))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build(), Region.US_EAST_1);
    }

    @Test
    void fastPathEqualsTheSdkPresignerVirtualHostStyle() {
        assertSame(S3Presigner.builder().region(Region.EU_WEST_1).credentialsProvider(LocalAws.CREDENTIALS).build(), Region.EU_WEST_1);
    }

    private void assertSame(final S3Presigner sdk, final Region region) {
        final BlockPresigner presigner = new BlockPresigner(sdk, "lakeobs-raw", clock, Duration.ofMinutes(5),
            LocalAws.CREDENTIALS, region);
        final UUID processId = UUID.randomUUID();
        final List<BlockUpload> blocks = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            blocks.add(new BlockUpload(UUID.randomUUID(), UUID.randomUUID(), 160 + i * 1000L));
        }
        assertThat(presigner.presign(processId, blocks)).isEqualTo(presigner.presignEach(processId, blocks));
    }
}
