package io.lakeobs.functions.ingest;

import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.QuarantineCatalog;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.protocol.ApiKeyToken;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The set-up of the upload and indexing tests: one {@link IngestFixture} per class, and before each
 * test a new API key with a registered process and stream, the clock at the wall clock's time
 * (S3Proxy judges presigned URLs' expiry by its own wall clock: sign at that time, then hold it still).
 */
abstract class RegisteredStreamTest {
    protected static final long BEGIN = 1_763_755_200_000_000_000L;
    protected static IngestFixture fx;
    protected static BlockCatalog blocks;
    protected static QuarantineCatalog quarantine;
    protected static StreamCatalog streams;

    protected ApiKeyToken key;
    protected UUID processId;
    protected UUID streamId;

    @BeforeAll
    static void start() throws Exception {
        fx = new IngestFixture();
        blocks = fx.blocks;
        quarantine = fx.quarantine;
        streams = fx.streams;
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    @BeforeEach
    void register() {
        fx.clock.set(Instant.now());
        key = fx.newKey(1000);
        final UUID[] ids = fx.registerProcessAndStream(key);
        processId = ids[0];
        streamId = ids[1];
    }
}
